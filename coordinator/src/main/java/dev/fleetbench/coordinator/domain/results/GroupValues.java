package dev.fleetbench.coordinator.domain.results;

import java.util.List;
import java.util.Map;

/**
 * The raw values of one metric in one group (for tests on the samples themselves, e.g. regressions), with the
 * fingerprint values seen in the group.
 *
 * @param keys         the value of each requested dimension
 * @param values       the metric's values over successful measured samples, sorted
 * @param fingerprints fingerprint field → distinct values seen (engine_version, execution_provider, os_build,
 *                     accelerator_driver, hardware_profile_hash, agent_version, prompt_set_version)
 */
public record GroupValues(Map<Dimension, String> keys, double[] values, Map<String, List<String>> fingerprints) {
}
