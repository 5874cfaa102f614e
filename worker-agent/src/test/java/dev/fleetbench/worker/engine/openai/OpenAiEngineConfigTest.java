package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import org.junit.jupiter.api.Test;

class OpenAiEngineConfigTest {

    @Test
    void normalisesTrailingSlashesAndV1() {
        assertThat(OpenAiEngineConfig.of("http://127.0.0.1:8080").endpoint()).isEqualTo("http://127.0.0.1:8080");
        assertThat(OpenAiEngineConfig.of("http://127.0.0.1:8080/").endpoint()).isEqualTo("http://127.0.0.1:8080");
        assertThat(OpenAiEngineConfig.of(" http://127.0.0.1:8080/v1/ ").endpoint()).isEqualTo("http://127.0.0.1:8080");
        assertThat(OpenAiEngineConfig.of("HTTP://localhost:11434/v1").endpoint()).isEqualTo("http://localhost:11434");
        assertThat(OpenAiEngineConfig.of("https://lab-7.local/proxy/v1").endpoint()).isEqualTo("https://lab-7.local/proxy");
        assertThat(OpenAiEngineConfig.of("http://127.0.0.1:8080/v1").uri("/v1/models").toString())
                .isEqualTo("http://127.0.0.1:8080/v1/models");
    }

    @Test
    void defaultsAreFilledIn() {
        OpenAiEngineConfig c = new OpenAiEngineConfig("http://127.0.0.1:1", "  ", null, null);
        assertThat(c.apiKey()).isNull();
        assertThat(c.defaultTimeouts()).isEqualTo(OpenAiEngineConfig.DEFAULT_TIMEOUTS);
        assertThat(c.deviceType()).isEqualTo(DeviceType.CPU);
    }

    @Test
    void rejectsWhatIsNotAPlainHttpBaseUrl() {
        assertThatThrownBy(() -> OpenAiEngineConfig.of("127.0.0.1:8080")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> OpenAiEngineConfig.of("ftp://host/")).hasMessageContaining("http://");
        assertThatThrownBy(() -> OpenAiEngineConfig.of("http:///v1")).hasMessageContaining("no host");
        assertThatThrownBy(() -> OpenAiEngineConfig.of("http://h:1/v1?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> OpenAiEngineConfig.of("http://u:p@h:1/")).hasMessageContaining("user info");
        assertThatThrownBy(() -> OpenAiEngineConfig.of("http://h:1/ a")).hasMessageContaining("not a URL");
    }

    @Test
    void neverPrintsTheApiKey() {
        OpenAiEngineConfig c = new OpenAiEngineConfig("http://127.0.0.1:1", "sk-secret", null, null);
        assertThat(c.toString()).doesNotContain("sk-secret").contains("***");
    }
}
