package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Catalog, id lists, tables and model ids (spec §1, §4). */
class CatalogParsingTest {

    @Test
    void legacyListIsABareArrayWithUnknownKeysAndNulls() throws Exception {
        String json = "[{\"name\":\"Phi-4-mini-instruct-generic-cpu:4\",\"alias\":\"phi-4-mini\",\"version\":\"4\","
                + "\"providerType\":\"AzureFoundry\",\"uri\":\"azureml://x\",\"promptTemplate\":null,\"publisher\":\"Microsoft\","
                + "\"runtime\":{\"deviceType\":\"CPU\",\"executionProvider\":\"CPUExecutionProvider\"},\"fileSizeMb\":4800,"
                + "\"maxOutputTokens\":null,\"testModel\":true},"
                + "{\"Name\":\"Phi-4-mini-instruct-cuda-gpu:5\",\"Alias\":\"phi-4-mini\",\"Runtime\":{\"DeviceType\":\"GPU\","
                + "\"ExecutionProvider\":\"CUDAExecutionProvider\"}},"
                + "{\"name\":\"broken\",\"runtime\":{\"deviceType\":\"TPU\"}}]";
        List<CatalogEntry> list = CatalogJson.legacyList(json);
        assertThat(list).extracting(CatalogEntry::id)
                .containsExactly("Phi-4-mini-instruct-generic-cpu:4", "Phi-4-mini-instruct-cuda-gpu:5");
        CatalogEntry cpu = list.get(0);
        assertThat(cpu.version()).isEqualTo(4);
        assertThat(cpu.fileSizeMb()).isEqualTo(4800);
        assertThat(cpu.promptTemplate().isNull()).isTrue();
        assertThat(list.get(1).deviceType()).isEqualTo(DeviceType.GPU);
        assertThat(list.get(1).version()).isEqualTo(5);
        assertThat(cpu.toVariant().fileSizeBytes()).isEqualTo(4_800_000_000L);
    }

    @Test
    void notAnArrayIsAClearFailure() {
        EngineException e = catchThrowableOfType(EngineException.class, () -> CatalogJson.legacyList("<html>"));
        assertThat(e.code()).isEqualTo(FailureCode.STREAM_MALFORMED);
        assertThat(e.getMessage()).contains("/foundry/list");
    }

    @Test
    void idListsInEveryShape() throws Exception {
        assertThat(CatalogJson.idList("[\"a:1\",\"b:2\"]", "x")).containsExactly("a:1", "b:2");
        assertThat(CatalogJson.idList("{\"models\":[\"a:1\"]}", "x")).containsExactly("a:1");
        assertThat(CatalogJson.idList("{\"data\":[{\"id\":\"a:1\"}],\"object\":\"list\",\"IsDelta\":false}", "x"))
                .containsExactly("a:1");
    }

    @Test
    void openAiModelsAreSortedAsTheServiceSorts() throws Exception {
        List<CatalogEntry> list = CatalogJson.openAiModels("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"m-generic-cpu:1\"},{\"id\":\"m-qnn-npu:1\"},{\"id\":\"m-generic-gpu:2\"},"
                + "{\"id\":\"m-cuda-gpu:1\"},{\"id\":\"m-openvino-gpu:1\"},{\"id\":\"m-qnn-npu:2\"}]}");
        assertThat(list).extracting(CatalogEntry::id).containsExactly("m-qnn-npu:2", "m-qnn-npu:1",
                "m-openvino-gpu:1", "m-cuda-gpu:1", "m-generic-gpu:2", "m-generic-cpu:1");
        assertThat(list.get(0).executionProvider()).isEqualTo("QNNExecutionProvider");
        assertThat(list.get(3).executionProvider()).isEqualTo("CUDAExecutionProvider");
    }

    @Test
    void g2ModelInfo() throws Exception {
        List<CatalogEntry> e = CatalogJson.modelInfo("{\"id\":\"qwen2.5-0.5b-instruct-generic-cpu:4\",\"name\":"
                + "\"qwen2.5-0.5b-instruct-generic-cpu\",\"version\":4,\"alias\":\"qwen2.5-0.5b\",\"cached\":true,"
                + "\"runtime\":{\"deviceType\":\"CPU\",\"executionProvider\":\"CPUExecutionProvider\"},"
                + "\"createdAt\":1750000000,\"contextLength\":32768}");
        assertThat(e).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("qwen2.5-0.5b-instruct-generic-cpu:4");
            assertThat(x.cached()).isTrue();
            assertThat(x.createdAt()).isEqualTo(1_750_000_000L);
        });
    }

    @Test
    void legacyTableWithContinuationRows() {
        String table = "Alias                          Device     Task               File Size    License      Model ID\n"
                + "-----------------------------------------------------------------------------------------------\n"
                + "phi-4-mini                     GPU        chat-completion    3.72 GB      MIT          Phi-4-mini-instruct-generic-gpu:5\n"
                + "                               CPU        chat-completion    4.80 GB      MIT          Phi-4-mini-instruct-generic-cpu:4\n"
                + "qwen2.5-0.5b                   CPU        chat-completion    0.80 GB      apache-2.0   qwen2.5-0.5b-instruct-generic-cpu:4\n";
        List<CatalogEntry> rows = ModelTable.parse(table);
        assertThat(rows).extracting(CatalogEntry::alias).containsExactly("phi-4-mini", "phi-4-mini", "qwen2.5-0.5b");
        assertThat(rows.get(1).deviceType()).isEqualTo(DeviceType.CPU);
        assertThat(rows.get(0).fileSizeMb()).isEqualTo(3720);
        assertThat(rows.get(0).executionProvider()).isEqualTo("WebGpuExecutionProvider");
    }

    @Test
    void currentTableWithEpAndCached() {
        String table = "Alias                Model ID                                 Type   Device  EP                           Size       Cached\n"
                + "phi-4-mini           Phi-4-mini-instruct-cuda-gpu:5           Chat   GPU     CUDAExecutionProvider        3.72 GB    yes\n"
                + "phi-4-mini           Phi-4-mini-instruct-generic-cpu:4        Chat   CPU     CPU                          4.80 GB    no\n";
        List<CatalogEntry> rows = ModelTable.parse(table);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).cached()).isTrue();
        assertThat(rows.get(1).cached()).isFalse();
        assertThat(rows.get(1).executionProvider()).isEqualTo("CPUExecutionProvider");
        assertThat(ModelTable.parse("no table here")).isEmpty();
    }

    @Test
    void idsAreValidatedAndEncodedBeforeAnyUrlOrCommand() throws Exception {
        assertThat(ModelIds.require("Phi-4-mini-instruct-generic-cpu:4")).isNotNull();
        assertThat(ModelIds.require("qwen2.5-0.5b")).isNotNull();
        for (String bad : new String[] {"--help", "a b", "../etc", "x;rm -rf", "a/b", "", "a:1:2", "ü"}) {
            EngineException e = catchThrowableOfType(EngineException.class, () -> ModelIds.require(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.code()).isEqualTo(FailureCode.INVALID_INPUT);
        }
        assertThat(ModelIds.pathSegment("Phi-4-mini-instruct-generic-cpu:4")).isEqualTo("Phi-4-mini-instruct-generic-cpu%3A4");
        assertThat(ModelIds.version("x:12")).isEqualTo(12);
        assertThat(ModelIds.version("x")).isEqualTo(-1);
    }
}
