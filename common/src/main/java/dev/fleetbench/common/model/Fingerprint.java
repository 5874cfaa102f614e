package dev.fleetbench.common.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Provenance of a sample: what exactly produced it. Aggregates pool only samples whose
 * {@link #comparabilityKey()} agree; everything here is shown when two runs differ.
 *
 * @param modelVariantId      the variant that really ran (full id)
 * @param executionProvider   execution provider that ran it; null if the engine does not say
 * @param deviceType          device it ran on
 * @param engine              engine kind: "embedded", "openai", "foundry"
 * @param engineVersion       engine version ("llama.cpp b4916", "foundry 0.8.119", server-reported version); null if unknown
 * @param agentVersion        FleetBench agent version
 * @param hardwareProfileHash {@link HardwareProfile#profileHash()} of the machine
 * @param osBuild             OS build or kernel release (for regression diffs); null if unknown
 * @param acceleratorDriver   driver version of the accelerator used; null for CPU or unknown
 * @param powerSource         power source when the sample was taken
 * @param promptSetVersion    {@link PromptSet#version()} of the prompts the sample belongs to
 * @param settings            settings and versions that change speed or name what ran, by name, sorted, never null
 *                            (empty when the engine has none or the sample predates them): the embedded engine's
 *                            {@code threads}, {@code context}, {@code batch}, {@code binding}, …; for Foundry Local
 *                            {@code foundry.version}, {@code foundry.api}, {@code ep.name}, {@code ep.version} (where
 *                            the service or CLI tells it), {@code variant.version} — plug-in execution providers
 *                            update themselves, so these name what changed between two runs
 */
public record Fingerprint(
        String modelVariantId,
        String executionProvider,
        DeviceType deviceType,
        String engine,
        String engineVersion,
        String agentVersion,
        String hardwareProfileHash,
        String osBuild,
        String acceleratorDriver,
        PowerSource powerSource,
        String promptSetVersion,
        Map<String, String> settings) {

    public Fingerprint {
        settings = settings == null || settings.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A fingerprint without engine settings. */
    public Fingerprint(String modelVariantId, String executionProvider, DeviceType deviceType, String engine,
                       String engineVersion, String agentVersion, String hardwareProfileHash, String osBuild,
                       String acceleratorDriver, PowerSource powerSource, String promptSetVersion) {
        this(modelVariantId, executionProvider, deviceType, engine, engineVersion, agentVersion, hardwareProfileHash,
                osBuild, acceleratorDriver, powerSource, promptSetVersion, Map.of());
    }

    /** The fields that must agree for two samples to be pooled in one statistic. */
    public String comparabilityKey() {
        return modelVariantId + '|' + executionProvider + '|' + engine + '|' + engineVersion + '|' + promptSetVersion;
    }

    /** This fingerprint with the power source read when the sample was taken; {@code this} when it is the same. */
    public Fingerprint withPowerSource(PowerSource now) {
        return now == powerSource ? this : new Fingerprint(modelVariantId, executionProvider, deviceType, engine,
                engineVersion, agentVersion, hardwareProfileHash, osBuild, acceleratorDriver, now, promptSetVersion, settings);
    }
}
