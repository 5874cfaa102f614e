package dev.fleetbench.coordinator.domain.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.campaign.LabGating;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.domain.leases.CampaignWork;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.domain.leases.WorkerConditions;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import dev.fleetbench.coordinator.testing.Machines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code skip_predicted_too_slow}: on a desktop that measured 20 GB/s, phi-4-mini's 4.8 GB CPU variant is predicted at
 * 20e9 ÷ 4.8e9 = 4.17 tok/s and stories260K (1,185,376 bytes) at 16,872 tok/s; the default minimum is 10 tok/s.
 */
class PredictedTooSlowTest {

    static final MachineView FAST_DESKTOP = new MachineView("w2", Fixtures.intelDesktop().withMemoryBandwidth(
            new MemoryBandwidth(20, "copy", 128L << 20, 5, 4, 400)), Map.of(),
            List.of(Machines.PHI_CPU, Machines.PHI4_CPU, Machines.STORIES), Set.of());

    static CampaignSpec spec(String skip) {
        return CampaignSpecParser.parse("{\"name\": \"t\", \"models\": [\"phi-4-mini\", \"stories260K\"],"
                + " \"repetitions\": 2, \"prompts\": [{\"id\": \"a\", \"text\": \"A\"}, {\"id\": \"b\", \"text\": \"B\"}]"
                + (skip == null ? "" : ", \"skip_predicted_too_slow\": " + skip) + "}", false);
    }

    @Test
    void cellsPredictedToMissTheMinimumByMoreThanTheFactorAreAResultWithTheirPredictionAndNoUnit() {
        // 2 × 4.17 = 8.33 < 10: hopeless by more than 2×; the laptop measured nothing, so its cells run as always
        Matrix m = MatrixExpander.expand("c1", spec("{\"factor\": 2}"), List.of(Machines.laptop("w1", Map.of()),
                FAST_DESKTOP));
        assertThat(m.cells()).filteredOn(c -> c.status() == CellStatus.PREDICTED_TOO_SLOW)
                .extracting(c -> c.model() + "/" + c.promptId() + "@" + c.workerId())
                .containsExactly("phi-4-mini/a@w2", "phi-4-mini/b@w2");
        Cell skipped = m.cells().stream().filter(c -> c.status() == CellStatus.PREDICTED_TOO_SLOW).findFirst()
                .orElseThrow();
        assertThat(skipped.variantId()).isEqualTo(Machines.PHI_CPU.id());
        assertThat(skipped.reason()).isEqualTo("predicted 4.17 tok/s decode (20.0 GB/s measured bandwidth ÷ 4800.0 MB"
                + " read per token), more than 2× below the minimum of 10 tok/s (slo.decode_p50_min_tps); not run"
                + " (skip_predicted_too_slow)");
        assertThat(m.units()).extracting(u -> u.variant().id() + "@" + u.workerId())
                .containsExactly("Phi-4-mini-instruct-qnn-npu:2@w1", "stories260K@w2");
        assertThat(m.cells()).filteredOn(c -> c.workerId().equals("w2") && c.model().equals("stories260K"))
                .extracting(Cell::status).containsOnly(CellStatus.PENDING);
        assertThat(m.notes()).isEmpty();
    }

    @Test
    void withinTheFactorOrWithoutTheOptionEveryCellRuns() {
        // 3 × 4.17 = 12.5 ≥ 10: it may make it
        for (CampaignSpec s : List.of(spec("{\"factor\": 3}"), spec(null))) {
            Matrix m = MatrixExpander.expand("c1", s, List.of(FAST_DESKTOP));
            assertThat(m.cells()).extracting(Cell::status).containsOnly(CellStatus.PENDING);
            assertThat(m.units()).hasSize(2);
        }
    }

    @Test
    void aModelSkippedOnEveryMachineIsNotedAsSuch() {
        Matrix m = MatrixExpander.expand("c1", spec("{\"factor\": 2}"), List.of(FAST_DESKTOP));
        assertThat(m.notes()).containsExactly("'phi-4-mini' is predicted too slow on every machine it fits"
                + " (skip_predicted_too_slow)");
    }

    @Test
    void skippedCellsAreNeverLeasedAndCountAsFinished() {
        Matrix m = MatrixExpander.expand("c1", spec("{\"factor\": 2}"), List.of(FAST_DESKTOP));
        AtomicInteger ids = new AtomicInteger();
        WorkQueue q = new WorkQueue(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofMinutes(1), 3, () -> "l" + ids.incrementAndGet());
        q.add(new CampaignWork("c1", 0, "v1", 60, false, LabGating.NONE, null, 2, 1), m);
        WorkerConditions idle = new WorkerConditions(true, PowerSource.AC);
        Optional<Lease> first = q.next("w2", idle);
        assertThat(first).isPresent();
        assertThat(first.get().variant().id()).isEqualTo("stories260K");
        assertThat(first.get().prompts()).hasSize(2);
        CampaignProgress p = q.progress("c1");
        assertThat(p.predictedTooSlow()).isEqualTo(2);
        assertThat(p.running()).isEqualTo(2);
        assertThat(p.total()).isEqualTo(4);
        m.cells().stream().filter(c -> c.status() == CellStatus.PENDING)
                .forEach(c -> q.setMeasured(c.id(), 2));
        q.finish(first.get().leaseId(), null, false);
        assertThat(q.next("w2", idle)).as("nothing else is ever leased").isEmpty();
        assertThat(q.progress("c1").finished()).isTrue();
        assertThat(q.progress("c1").done()).isEqualTo(2);
    }

    @Test
    void theOptionIsAnObjectWithAFactorBetweenOneAndAThousand() {
        assertThat(spec("{\"factor\": 3}").skipTooSlowFactor()).isEqualTo(3.0);
        assertThat(spec(null).skipTooSlowFactor()).isNull();
        assertThatThrownBy(() -> spec("3")).hasMessageStartingWith("skip_predicted_too_slow: must be an object like"
                + " {factor: 3}");
        assertThatThrownBy(() -> spec("{}")).hasMessageStartingWith("skip_predicted_too_slow.factor: is missing");
        assertThatThrownBy(() -> spec("{\"factor\": 0.5}")).hasMessage("skip_predicted_too_slow.factor: must be"
                + " between 1.0 and 1000.0, got 0.5");
        assertThatThrownBy(() -> spec("{\"factor\": \"big\"}")).hasMessage("skip_predicted_too_slow.factor: must be"
                + " a number");
        assertThatThrownBy(() -> spec("{\"factor\": 3, \"margin\": 1}"))
                .hasMessageStartingWith("skip_predicted_too_slow.margin: unknown field");
    }
}
