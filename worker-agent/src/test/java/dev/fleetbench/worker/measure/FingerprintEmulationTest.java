package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.EngineInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An x64 JVM on a Snapdragon PC (Windows' Prism) is recorded in every sample, through the OS/arch pair. */
class FingerprintEmulationTest {

    private static final ModelVariant VARIANT = new ModelVariant("stories260K", "stories260K", DeviceType.CPU,
            "llama.cpp-cpu", 1_185_376L, 292_800L, "F32");

    /** A Snapdragon X Elite laptop as the probe describes it: the processor is aarch64. */
    private static HardwareProfile snapdragon() {
        HardwareProfile p = Fixtures.intelDesktop();
        return new HardwareProfile(p.machineId(), "lab-laptop-07", new OsInfo(p.os().family(), "Windows 11 Pro",
                "10.0", "26100"), new CpuInfo("qualcomm", "Snapdragon(R) X Elite - X1E78100", "aarch64", 12, 12,
                3_417_000_000L, List.of("dotprod", "neon")), p.memory(), p.gpus(), p.npus(), p.power(), p.notes());
    }

    @Test
    void anEmulatedEmbeddedEngineIsKeptApartFromNativeRuns() {
        EngineInfo embedded = new EngineInfo("embedded", "llama.cpp b4916 (de.kherud:llama 4.1.0)", null);

        Fingerprint emulated = new FingerprintFactory(snapdragon(), embedded, "0.1.0", "amd64").of(VARIANT, "v1");
        Fingerprint nativeRun = new FingerprintFactory(snapdragon(), embedded, "0.1.0", "aarch64").of(VARIANT, "v1");

        assertThat(emulated.osBuild()).isEqualTo("26100 (x86_64 JVM emulated on aarch64)");
        assertThat(emulated.engineVersion()).endsWith("(x86_64 JVM emulated on aarch64)");
        assertThat(emulated.comparabilityKey()).isNotEqualTo(nativeRun.comparabilityKey());
        assertThat(nativeRun.osBuild()).isEqualTo("26100");
        assertThat(nativeRun.engineVersion()).isEqualTo("llama.cpp b4916 (de.kherud:llama 4.1.0)");
    }

    @Test
    void aServerEngineRunsNativelySoOnlyTheOsBuildSaysSo() {
        EngineInfo foundry = new EngineInfo("foundry", "foundry 0.8.119", "http://127.0.0.1:5273");

        Fingerprint f = new FingerprintFactory(snapdragon(), foundry, "0.1.0", "amd64").of(VARIANT, "v1");

        assertThat(f.engineVersion()).isEqualTo("foundry 0.8.119");
        assertThat(f.osBuild()).contains("x86_64 JVM emulated on aarch64");
    }

    @Test
    void onlyX64OnArmIsEmulation() {
        assertThat(FingerprintFactory.emulation("amd64", "aarch64")).isEqualTo("x86_64 JVM emulated on aarch64");
        assertThat(FingerprintFactory.emulation("x86_64", "x86_64")).isNull();
        assertThat(FingerprintFactory.emulation("aarch64", "x86_64")).as("a profile from elsewhere").isNull();
        assertThat(FingerprintFactory.emulation(null, "aarch64")).as("a simulated machine").isNull();
    }
}
