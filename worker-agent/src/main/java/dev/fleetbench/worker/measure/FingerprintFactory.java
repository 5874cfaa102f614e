package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.worker.engine.EngineInfo;
import dev.fleetbench.worker.hardware.Architectures;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds the provenance of samples from what the agent knows about its machine, engine and prompts. A JVM running
 * under emulation (an x86_64 JVM on a Snapdragon PC or, through Rosetta 2, on an Apple M Mac) is recorded in every
 * sample: beside the OS build for all engines, and in the engine version of the embedded engine, whose llama.cpp then
 * runs emulated too, so its figures are never pooled with those of native runs.
 */
public final class FingerprintFactory {

    private final Supplier<HardwareProfile> profile;
    private final EngineInfo engine;
    private final String agentVersion;
    private final String emulation;

    public FingerprintFactory(HardwareProfile profile, EngineInfo engine, String agentVersion) {
        this(profile, engine, agentVersion, System.getProperty("os.arch"));
    }

    /**
     * @param jvmArch the JVM's {@code os.arch}, compared with the processor's architecture in the profile; null for a
     *                profile that does not describe this machine (a simulated fleet)
     */
    public FingerprintFactory(HardwareProfile profile, EngineInfo engine, String agentVersion, String jvmArch) {
        this(() -> profile, engine, agentVersion, jvmArch);
    }

    /**
     * @param profile the machine's profile as the worker registers it now (a later NPU query may add to it; the
     *                worker changes it only between leases); its processor decides emulation once
     */
    public FingerprintFactory(Supplier<HardwareProfile> profile, EngineInfo engine, String agentVersion,
                              String jvmArch) {
        this.profile = profile;
        this.engine = engine;
        this.agentVersion = agentVersion;
        this.emulation = emulation(jvmArch, profile.get().cpu().architecture());
    }

    /**
     * "x86_64 JVM emulated on aarch64", or null when the JVM runs natively or either side is unknown. Only that pair
     * exists in practice (Windows' Prism, Apple's Rosetta 2); any other mismatch is a profile taken elsewhere.
     */
    static String emulation(String jvmArch, String processorArch) {
        String jvm = Architectures.normalise(jvmArch);
        return "x86_64".equals(jvm) && "aarch64".equals(processorArch) ? jvm + " JVM emulated on " + processorArch
                : null;
    }

    public Fingerprint of(ModelVariant variant, String promptSetVersion) {
        return of(variant, promptSetVersion, Map.of());
    }

    /**
     * With the engine's own provenance ({@code InferenceEngine#fingerprintSettings}: runtime, execution provider and
     * variant versions) beside the engine's settings; a name in both keeps the engine's provenance value.
     */
    public Fingerprint of(ModelVariant variant, String promptSetVersion, Map<String, String> provenance) {
        HardwareProfile profile = this.profile.get();
        Map<String, String> merged = new TreeMap<>(engine.settings());
        merged.putAll(provenance);
        String osBuild = profile.os().build();
        String engineVersion = engine.version();
        if (emulation != null) {
            osBuild = (osBuild == null ? "" : osBuild + " ") + "(" + emulation + ")";
            if ("embedded".equals(engine.kind())) {
                engineVersion = (engineVersion == null ? "" : engineVersion + " ") + "(" + emulation + ")";
            }
        }
        return new Fingerprint(variant.id(), variant.executionProvider(), variant.deviceType(), engine.kind(),
                engineVersion, agentVersion, profile.profileHash(), osBuild, driverFor(profile, variant),
                profile.power().source(), promptSetVersion, merged);
    }

    /** The driver of the accelerator the variant runs on: the first NPU or GPU of that kind; null for CPU. */
    private static String driverFor(HardwareProfile profile, ModelVariant variant) {
        return switch (variant.deviceType()) {
            case NPU -> profile.npus().stream().map(NpuInfo::driver).filter(d -> d != null).findFirst().orElse(null);
            case GPU -> profile.gpus().stream().map(GpuInfo::driverVersion).filter(d -> d != null).findFirst().orElse(null);
            case CPU -> null;
        };
    }
}
