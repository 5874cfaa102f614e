package dev.fleetbench.coordinator.domain.matrix;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import dev.fleetbench.coordinator.domain.placement.Placement;
import dev.fleetbench.coordinator.domain.placement.PlacementDecision;
import dev.fleetbench.coordinator.domain.prediction.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a campaign spec over the fleet into cells (model × prompt × machine) and lease units (model × machine),
 * placing each model only where it can run; where it cannot, its cells are DOES_NOT_FIT with the reason, because
 * "this model does not fit these machines" is a result too. A campaign with {@code devices} places every listed device
 * variant of a model on every machine as cells of their own (not placed where the machine lacks the device or the
 * catalog the variant, with that reason). A campaign with {@code skip_predicted_too_slow} leaves out of its units the
 * cells {@link Predictor} expects to miss the minimum decode rate by more than the factor: they are PREDICTED_TOO_SLOW
 * with the prediction as their reason, a result never leased. Pure and linear in the size of the matrix.
 */
public final class MatrixExpander {

    private MatrixExpander() {
    }

    public static Matrix expand(String campaignId, CampaignSpec spec, List<MachineView> fleet) {
        List<Cell> cells = new ArrayList<>();
        List<LeaseUnit> units = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<MachineView> selected = fleet.stream().filter(m -> Placement.selects(spec.machines(), m)).toList();
        if (selected.isEmpty()) {
            notes.add(fleet.isEmpty() ? "no workers are connected" : "no machine matches the selector ("
                    + fleet.size() + " workers connected)");
        }
        List<PromptSpec> prompts = spec.prompts().prompts();
        List<DeviceType> perDevice = spec.devices().isEmpty() ? java.util.Collections.singletonList(null)
                : spec.devices();
        for (String model : spec.models()) {
            for (DeviceType device : perDevice) {
                // one device of a devices campaign: its own cells and units, told apart by the device in their ids
                String key = device == null ? model : model + "@" + device.name().toLowerCase(java.util.Locale.ROOT);
                String named = device == null ? "'" + model + "'" : "the " + device + " variant of '" + model + "'";
                int runnable = 0;
                int skipped = 0;
                for (MachineView m : selected) {
                    PlacementDecision d = device == null ? Placement.decide(model, spec.machines().devices(), m)
                            : Placement.decideOn(model, device, m);
                    List<UnitCell> unitCells = new ArrayList<>(prompts.size());
                    for (PromptSpec p : prompts) {
                        String cellId = id("cell", campaignId, key, p.id(), m.workerId());
                        String skip = d.runnable() ? skipReason(spec, m, d.variant(), p) : null;
                        CellStatus status = !d.runnable() ? CellStatus.DOES_NOT_FIT
                                : skip != null ? CellStatus.PREDICTED_TOO_SLOW : CellStatus.PENDING;
                        cells.add(new Cell(cellId, campaignId, m.workerId(), model,
                                d.runnable() ? d.variant().id() : null, p.id(), spec.repetitions(), status,
                                skip != null ? skip : d.reason()));
                        if (status == CellStatus.PENDING) {
                            unitCells.add(new UnitCell(cellId, p, spec.repetitions()));
                        } else if (status == CellStatus.PREDICTED_TOO_SLOW) {
                            skipped++;
                        }
                    }
                    // a unit whose every cell was predicted too slow is never leased: nothing loads the model
                    if (d.runnable() && !unitCells.isEmpty()) {
                        runnable++;
                        units.add(new LeaseUnit(id("unit", campaignId, key, "", m.workerId()), campaignId,
                                m.workerId(), d.variant(), unitCells));
                    }
                }
                if (runnable == 0 && skipped > 0) {
                    notes.add(named + " is predicted too slow on every machine it fits (skip_predicted_too_slow)");
                } else if (runnable == 0 && !selected.isEmpty()) {
                    notes.add(named + " cannot run on any selected machine");
                }
            }
        }
        return new Matrix(cells, units, notes);
    }

    /**
     * Why a runnable cell is not run: predicted to miss the campaign's minimum decode rate by more than its factor
     * ({@code skip_predicted_too_slow}); null when it runs (no such option, or no prediction: no bandwidth measured).
     */
    private static String skipReason(CampaignSpec spec, MachineView m, ModelVariant v, PromptSpec p) {
        if (spec.skipTooSlowFactor() == null) {
            return null;
        }
        return Predictor.predict(m.hardware().memoryBandwidth(), m.hardware().memory(), v, p)
                .filter(pred -> Predictor.tooSlow(pred, spec.slo(), spec.skipTooSlowFactor()))
                .map(pred -> Predictor.tooSlowReason(pred, spec.slo(), spec.skipTooSlowFactor())).orElse(null);
    }

    /** Short deterministic id: the same campaign, model, prompt and worker always give the same cell. */
    static String id(String prefix, String campaignId, String model, String promptId, String workerId) {
        return prefix + "-" + HardwareProfile.sha256Hex(campaignId + '\u0000' + model + '\u0000' + promptId + '\u0000'
                + workerId).substring(0, 16);
    }
}
