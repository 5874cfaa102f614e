package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.worker.engine.EngineInfo;

/** Builds the provenance of samples from what the agent knows about its machine, engine and prompts. */
public final class FingerprintFactory {

    private final HardwareProfile profile;
    private final EngineInfo engine;
    private final String agentVersion;

    public FingerprintFactory(HardwareProfile profile, EngineInfo engine, String agentVersion) {
        this.profile = profile;
        this.engine = engine;
        this.agentVersion = agentVersion;
    }

    public Fingerprint of(ModelVariant variant, String promptSetVersion) {
        return new Fingerprint(variant.id(), variant.executionProvider(), variant.deviceType(), engine.kind(),
                engine.version(), agentVersion, profile.profileHash(), profile.os().build(), driverFor(variant),
                profile.power().source(), promptSetVersion, engine.settings());
    }

    /** The driver of the accelerator the variant runs on: the first NPU or GPU of that kind; null for CPU. */
    private String driverFor(ModelVariant variant) {
        return switch (variant.deviceType()) {
            case NPU -> profile.npus().stream().map(NpuInfo::driver).filter(d -> d != null).findFirst().orElse(null);
            case GPU -> profile.gpus().stream().map(GpuInfo::driverVersion).filter(d -> d != null).findFirst().orElse(null);
            case CPU -> null;
        };
    }
}
