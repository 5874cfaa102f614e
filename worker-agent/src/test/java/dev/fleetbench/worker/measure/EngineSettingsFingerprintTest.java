package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples taken with different engine settings (threads, context, batch, binding) do not look alike. */
class EngineSettingsFingerprintTest {

    @TempDir
    Path dir;

    private Fingerprint fingerprint(int threads) {
        try (EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)).withThreads(threads))) {
            ModelVariant v = new ModelVariant("stories260K", "stories260k", dev.fleetbench.common.model.DeviceType.CPU, EmbeddedEngine.EXECUTION_PROVIDER,
                    1, 1, "F32");
            return new FingerprintFactory(Fixtures.intelDesktop(), engine.info(), "test").of(v, "p1");
        }
    }

    @Test
    void theEmbeddedEnginesSettingsAreInEverySamplesFingerprint() {
        Fingerprint one = fingerprint(1);
        Fingerprint two = fingerprint(2);
        assertThat(one.settings()).containsEntry("threads", "1").containsEntry("threads_batch", "1")
                .containsEntry("context", Integer.toString(EmbeddedConfig.DEFAULT_CONTEXT))
                .containsEntry("batch", "2048").containsEntry("ubatch", "512")
                .containsKeys("binding", "omp_wait_policy");
        assertThat(one.settings().get("binding")).startsWith("de.kherud:llama ");
        assertThat(two.settings()).containsEntry("threads", "2");
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void settingsTravelInJsonAndOlderSamplesReadAsWithout() throws Exception {
        Fingerprint f = fingerprint(1);
        String json = Json.write(f);
        assertThat(json).contains("\"settings\":{").contains("\"threads\":\"1\"");
        assertThat(Json.mapper().readValue(json, Fingerprint.class)).isEqualTo(f);
        String older = json.substring(0, json.indexOf(",\"settings\"")) + "}";
        assertThat(Json.mapper().readValue(older, Fingerprint.class).settings()).isEqualTo(Map.of());
    }

    @Test
    void theDefaultLeavesOneCoreToTheAgent() {
        assertThat(EmbeddedConfig.defaultThreads()).isEqualTo(Math.max(1, EmbeddedConfig.physicalCores() - 1));
    }
}
