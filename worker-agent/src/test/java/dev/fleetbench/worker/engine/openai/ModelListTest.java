package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelListTest {

    @Test
    void readsLlamaCppListWithMeta() throws EngineException {
        String json = "{\"models\":[{\"name\":\"stories260K.gguf\",\"model\":\"stories260K.gguf\"}],\"object\":\"list\","
                + "\"data\":[{\"id\":\"stories260K.gguf\",\"object\":\"model\",\"created\":1735000000,"
                + "\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":1,\"n_vocab\":512,\"n_ctx_train\":128,"
                + "\"n_embd\":64,\"n_params\":292480,\"size\":1185376}}]}";
        assertThat(ModelList.parse(json, DeviceType.CPU)).containsExactly(new ModelVariant("stories260K.gguf",
                "stories260K.gguf", DeviceType.CPU, null, 1185376, 292480, null));
    }

    @Test
    void ignoresLegacyKeysAndDuplicatesAndKeepsOrder() throws EngineException {
        String json = "{\"data\":[{\"id\":\"b\",\"object\":\"model\"},\"a\",{\"id\":\"b\"},{\"id\":\"\"},{\"x\":1}],"
                + "\"object\":\"list\",\"IsDelta\":false,\"Successful\":true,\"HttpStatusCode\":200}";
        List<ModelVariant> list = ModelList.parse(json, DeviceType.NPU);
        assertThat(list).extracting(ModelVariant::id).containsExactly("b", "a");
        assertThat(list).allMatch(v -> v.deviceType() == DeviceType.NPU && v.fileSizeBytes() == 0);
    }

    @Test
    void acceptsAnEmptyListAndNativeOllamaShape() throws EngineException {
        assertThat(ModelList.parse("{\"object\":\"list\",\"data\":[]}", DeviceType.CPU)).isEmpty();
        assertThat(ModelList.parse("{\"models\":[{\"name\":\"llama3.2:1b\",\"model\":\"llama3.2:1b\"}]}",
                DeviceType.CPU)).extracting(ModelVariant::id).containsExactly("llama3.2:1b");
    }

    @Test
    void rejectsWhatIsNoModelList() {
        assertThatThrownBy(() -> ModelList.parse("<html>", DeviceType.CPU)).isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(FailureCode.STREAM_MALFORMED))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ModelList.parse("{\"object\":\"list\"}", DeviceType.CPU))
                .hasMessageContaining("no 'data' array");
    }
}
