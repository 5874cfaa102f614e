package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding's Apple silicon library is built with Metal: there the embedded engine offers every model on the CPU
 * (no layer offloaded) and, as a device of its own, on the GPU through Metal (every layer offloaded). The platform is
 * the engine's OS/arch seam; the loads are real, on this machine's library, which has no GPU, so llama.cpp's own
 * account of the device that ran (the layers it offloaded, in every sample) says where the model really ran.
 */
class EmbeddedMetalVariantTest {

    private static final NativePlatform APPLE_SILICON = NativePlatform.of("Mac OS X", "aarch64");
    private static final StreamListener QUIET = new StreamListener() {
        @Override
        public void onRequestSent() {
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
        }
    };

    @TempDir
    Path dir;

    @Test
    void appleSiliconOffersEachModelOnTheCpuAndOnMetal() throws EngineException {
        EmbeddedEngine mac = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)), APPLE_SILICON);

        List<ModelVariant> catalog = mac.catalog();

        List<ModelVariant> cpu = catalog.stream().filter(v -> v.deviceType() == DeviceType.CPU).toList();
        List<ModelVariant> metal = catalog.stream().filter(v -> v.deviceType() == DeviceType.GPU).toList();
        assertThat(cpu).isNotEmpty().allSatisfy(v -> assertThat(v.executionProvider()).isEqualTo("llama.cpp-cpu"));
        assertThat(metal).hasSameSizeAs(cpu)
                .allSatisfy(v -> assertThat(v.executionProvider()).isEqualTo("llama.cpp-metal"));
        assertThat(metal).extracting(ModelVariant::id)
                .containsExactlyElementsOf(cpu.stream().map(v -> v.id() + ":metal").toList());
        // the model named without a device runs where it always did; a campaign asking for the GPU gets Metal
        assertThat(mac.resolve("stories260K", null).executionProvider()).isEqualTo("llama.cpp-cpu");
        assertThat(mac.resolve("stories260K", DeviceType.GPU).id()).isEqualTo("stories260K:metal");
        assertThat(catalog.get(0).deviceType()).isEqualTo(DeviceType.CPU);
    }

    @Test
    void otherPlatformsHaveNoMetalVariant() throws EngineException {
        for (NativePlatform p : List.of(NativePlatform.of("Mac OS X", "x86_64"), NativePlatform.of("Linux", "amd64"),
                NativePlatform.of("Windows 11", "amd64"))) {
            EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)), p);
            assertThat(engine.catalog()).as(p.describe()).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.deviceType()).isEqualTo(DeviceType.CPU));
        }
        EmbeddedEngine linux = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)), NativePlatform.of("Linux",
                "amd64"));
        ModelVariant metal = new ModelVariant("stories260K:metal", "stories260k", DeviceType.GPU, "llama.cpp-metal",
                0, 0, "F32");
        assertThatThrownBy(() -> linux.load(metal)).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
            assertThat(e.getMessage()).contains("runs on Apple silicon only").contains("Linux x86_64");
        });
    }

    @Test
    void everySampleSaysHowManyLayersLlamaCppPutOnAGpu() throws EngineException {
        EmbeddedEngine mac = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)).withThreads(2)
                .withContextSize(256), APPLE_SILICON);
        try {
            ModelVariant cpu = mac.resolve("stories260K", DeviceType.CPU);
            mac.load(cpu);
            ChatResult onCpu = mac.chat(ChatRequest.greedy(cpu.id(), "Once upon a time", 4,
                    Timeouts.ofTotal(Duration.ofSeconds(60))), QUIET);
            assertThat(onCpu.engineTimings()).containsEntry("gpu_layers_offloaded", 0.0);

            ModelVariant metal = mac.resolve("stories260K", DeviceType.GPU);
            mac.load(metal);
            assertThat(mac.loaded()).containsExactly("stories260K:metal");
            ChatResult onMetal = mac.chat(ChatRequest.greedy(metal.id(), "Once upon a time", 4,
                    Timeouts.ofTotal(Duration.ofSeconds(60))), QUIET);
            // all layers were asked for; this machine's library has no GPU, and the sample says so instead of
            // claiming the GPU ran it
            assertThat(onMetal.engineTimings()).containsEntry("gpu_layers_offloaded", 0.0);
            assertThat(onMetal.countedOutputTokens()).isEqualTo(4);
        } finally {
            mac.close();
        }
    }

    @Test
    void theOffloadLineIsReadAsLlamaCppWritesIt() {
        // llama.cpp b4916's load on Apple silicon, all layers asked for; the CPU keeps the input embeddings
        String metalLoad = "load_tensors: loading model tensors, this can take a while... (mmap = true)\n"
                + "load_tensors: layer   0 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: layer   1 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: layer   2 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: layer   3 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: layer   4 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: layer   5 assigned to device Metal, is_swa = 0\n"
                + "load_tensors: offloading 5 repeating layers to GPU\n"
                + "load_tensors: offloading output layer to GPU\n"
                + "load_tensors: offloaded 6/6 layers to GPU\n"
                + "load_tensors:   CPU_Mapped model buffer size =     0.50 MiB\n"
                + "load_tensors: Metal_Mapped model buffer size =     0.98 MiB\n";
        assertThat(LlamaTimings.offloadedLayers(metalLoad)).contains(6);
        // half on the GPU (-ngl 3), and a log without assignments that has only the summary line
        assertThat(LlamaTimings.offloadedLayers(metalLoad.replaceFirst("(layer   [345]) assigned to device Metal",
                "$1 assigned to device CPU").replace("layer   4 assigned to device Metal",
                "layer   4 assigned to device CPU").replace("layer   5 assigned to device Metal",
                "layer   5 assigned to device CPU"))).contains(3);
        assertThat(LlamaTimings.offloadedLayers("load_tensors: offloaded 6/6 layers to GPU\n")).contains(6);
        assertThat(LlamaTimings.offloadedLayers("build: 4916 (c6af2161) with cc\n")).isEmpty();
        assertThat(EmbeddedEngine.fileId("stories260K:metal")).isEqualTo("stories260K");
        assertThat(EmbeddedEngine.fileId("stories260K")).isEqualTo("stories260K");
    }
}
