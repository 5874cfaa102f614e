package dev.fleetbench.coordinator.domain.campaign;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.ServiceLevels;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated campaign: which models, on which machines, with which prompts, how often. Build it with
 * {@link CampaignSpecParser}; every instance is valid. Immutable.
 *
 * @param name                  for people, 1–100 characters
 * @param models                aliases or variant ids, resolved per machine
 * @param prompts               the prompts
 * @param repetitions           measured requests per prompt and machine
 * @param warmups               warm-up requests per lease
 * @param machines              which machines
 * @param schedule              UNIX cron expression (5 fields) or null for a one-off run
 * @param gating                lab gating for the runs
 * @param slo                   service levels for recommendations
 * @param timeBudget            how long a run may take before the rest of its cells fail; null = no limit
 * @param requestTimeoutSeconds limit of one request
 * @param removeDownloads       remove models the campaign downloaded from the machines afterwards
 * @param maxRepetitionFactor   an unstable cell (cv ≥ 3 % or a point farther than 3 × 1.4826 × MAD from the median, {@code Stability}) gets extra repetitions up to this
 *                              many times {@code repetitions} (1 = never; metrics.md's default is 3)
 * @param evidence              how much evidence a recommendation needs
 * @param regressionThresholdPct a change between consecutive runs of a schedule is reported only when its 95 %
 *                              interval lies wholly beyond ± this many percent (default 3; 0.1 to 100)
 * @param devices               when not empty, every variant of each model for these devices is its own cell on each
 *                              machine ({@code devices: [npu, gpu, cpu]}), so results can compare the devices of one
 *                              PC; empty: each machine runs the one best variant for its devices
 * @param skipTooSlowFactor     when set ({@code skip_predicted_too_slow: {factor: 3}}), a cell whose predicted decode
 *                              rate times this factor is still below {@code slo.decode_p50_min_tps} is not run but
 *                              ends {@code predicted_too_slow} with its prediction; null: every cell runs (1 to 1000)
 */
public record CampaignSpec(String name, List<String> models, PromptSet prompts, int repetitions, int warmups,
                           MachineSelector machines, String schedule, LabGating gating, ServiceLevels slo,
                           Duration timeBudget, int requestTimeoutSeconds, boolean removeDownloads,
                           int maxRepetitionFactor, EvidenceRules evidence, double regressionThresholdPct,
                           List<DeviceType> devices, Double skipTooSlowFactor) {

    /** The practical threshold of regressions when a spec names none, in percent. */
    public static final double DEFAULT_REGRESSION_THRESHOLD_PCT = 3.0;

    public CampaignSpec {
        Objects.requireNonNull(name, "name");
        models = List.copyOf(models);
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(gating, "gating");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(evidence, "evidence");
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (devices.stream().distinct().count() != devices.size()) {
            throw new IllegalArgumentException("devices names a device twice: " + devices);
        }
        if (skipTooSlowFactor != null && !(skipTooSlowFactor >= 1 && skipTooSlowFactor <= 1000)) {
            throw new IllegalArgumentException("skip_predicted_too_slow.factor must be between 1 and 1000, not "
                    + skipTooSlowFactor);
        }
        if (!(regressionThresholdPct >= 0.1 && regressionThresholdPct <= 100)) {
            throw new IllegalArgumentException("regression_threshold_pct must be between 0.1 and 100, not "
                    + regressionThresholdPct);
        }
    }

    /** A campaign under the default evidence rules and regression threshold. */
    public CampaignSpec(String name, List<String> models, PromptSet prompts, int repetitions, int warmups,
                        MachineSelector machines, String schedule, LabGating gating, ServiceLevels slo,
                        Duration timeBudget, int requestTimeoutSeconds, boolean removeDownloads,
                        int maxRepetitionFactor) {
        this(name, models, prompts, repetitions, warmups, machines, schedule, gating, slo, timeBudget,
                requestTimeoutSeconds, removeDownloads, maxRepetitionFactor, EvidenceRules.DEFAULTS,
                DEFAULT_REGRESSION_THRESHOLD_PCT, List.of(), null);
    }

    /** A campaign with its own evidence rules and the default regression threshold. */
    public CampaignSpec(String name, List<String> models, PromptSet prompts, int repetitions, int warmups,
                        MachineSelector machines, String schedule, LabGating gating, ServiceLevels slo,
                        Duration timeBudget, int requestTimeoutSeconds, boolean removeDownloads,
                        int maxRepetitionFactor, EvidenceRules evidence) {
        this(name, models, prompts, repetitions, warmups, machines, schedule, gating, slo, timeBudget,
                requestTimeoutSeconds, removeDownloads, maxRepetitionFactor, evidence, DEFAULT_REGRESSION_THRESHOLD_PCT,
                List.of(), null);
    }

    /** A campaign with the default evidence rules and its own regression threshold. */
    public CampaignSpec(String name, List<String> models, PromptSet prompts, int repetitions, int warmups,
                        MachineSelector machines, String schedule, LabGating gating, ServiceLevels slo,
                        Duration timeBudget, int requestTimeoutSeconds, boolean removeDownloads,
                        int maxRepetitionFactor, double regressionThresholdPct) {
        this(name, models, prompts, repetitions, warmups, machines, schedule, gating, slo, timeBudget,
                requestTimeoutSeconds, removeDownloads, maxRepetitionFactor, EvidenceRules.DEFAULTS, regressionThresholdPct,
                List.of(), null);
    }
}
