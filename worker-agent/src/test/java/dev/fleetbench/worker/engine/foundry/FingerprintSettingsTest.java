package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The Foundry Local and execution-provider versions that go into every sample's fingerprint. */
@DisabledOnOs(OS.WINDOWS)
class FingerprintSettingsTest {

    @TempDir
    Path dir;

    @Test
    void statusLinesGiveCoreOrtAndTheVariantsEpVersion() {
        String text = """
                Versions
                  Foundry Local CLI 0.10.3
                  Core              1.0.0
                  ONNX Runtime:     1.23.0
                Execution providers
                  CPUExecutionProvider         1.23.0
                  QNNExecutionProvider         2.1.0-preview
                  State                        Running
                """;
        assertThat(StatusVersions.lines(text)).containsEntry("Core", "1.0.0").containsEntry("ONNX Runtime", "1.23.0")
                .containsEntry("QNNExecutionProvider", "2.1.0-preview").doesNotContainKey("State");
        assertThat(StatusVersions.settings(text, "QNNExecutionProvider")).isEqualTo(Map.of("foundry.core", "1.0.0",
                "ort.version", "1.23.0", "ep.version", "2.1.0-preview"));
        assertThat(StatusVersions.settings(text, "VitisAIExecutionProvider")).doesNotContainKey("ep.version");
        assertThat(StatusVersions.settings(null, null)).isEmpty();
    }

    @Test
    void anEpUpdateBetweenTwoRunsChangesTheFingerprint() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G3, FoundryDouble.Cli.CURRENT, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            ModelVariant npu = engine.resolve("phi-4-mini", DeviceType.NPU);
            Map<String, String> before = engine.fingerprintSettings(npu);
            assertThat(before).containsEntry("foundry.api", "runtime 2.x").containsEntry("foundry.version", "0.10.3+f1c2d3e4")
                    .containsEntry("ep.name", "VitisAIExecutionProvider").containsEntry("ep.key", "vitisai")
                    .containsEntry("ep.version", "1.4.2").containsEntry("variant.version", "2")
                    .containsEntry("foundry.core", "1.0.0").containsEntry("ort.version", "1.23.0");
            d.epVersions.put("VitisAIExecutionProvider", "1.5.0"); // the plug-in EP updated itself
            assertThat(engine.fingerprintSettings(npu)).containsEntry("ep.version", "1.5.0");
        }
    }

    @Test
    void theLegacyServiceGivesWhatItKnowsWithoutAStatusCall() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            ModelVariant cpu = engine.resolve("phi-4-mini", DeviceType.CPU);
            assertThat(engine.fingerprintSettings(cpu)).containsEntry("foundry.api", "legacy service")
                    .containsEntry("foundry.version", "0.8.119+9b4be4ed38").containsEntry("variant.version", "4")
                    .containsEntry("ep.key", "cpu").doesNotContainKey("ep.version");
            assertThat(d.cliCalls()).doesNotContain("status");
        }
    }
}
