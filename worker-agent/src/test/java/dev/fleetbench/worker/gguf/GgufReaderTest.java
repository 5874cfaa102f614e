package dev.fleetbench.worker.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GgufReaderTest {

    @TempDir
    Path dir;

    private Path stories() throws IOException {
        return new ModelStore(dir).installBundled();
    }

    @Test
    void readsTheFactsOfStories260K() throws IOException {
        GgufFile g = GgufReader.read(stories());

        assertThat(g.version()).isEqualTo(3);
        assertThat(g.fileSize()).isEqualTo(1_185_376L);
        assertThat(g.architecture()).isEqualTo("llama");
        assertThat(g.contextLength()).isEqualTo(2048);
        assertThat(g.embeddingLength()).isEqualTo(64);
        assertThat(g.blockCount()).isEqualTo(5);
        assertThat(g.chatTemplate()).isEmpty();
        assertThat(g.tokenizerModel()).isEqualTo("llama");
        assertThat(g.vocabularySize()).isEqualTo(512);
        assertThat(g.tensors()).hasSize(48);
        assertThat(g.parameterCount()).isEqualTo(292_800L);
        assertThat(g.dominantTensorType()).isEqualTo("F32");
        assertThat(g.integer("llama.attention.head_count")).contains(8L);
        assertThat(g.integer("llama.attention.head_count_kv")).contains(4L);
        // 512 tokens are few enough to keep (longer arrays keep their length only)
        GgufArray tokens = (GgufArray) g.metadata().get("tokenizer.ggml.tokens");
        assertThat(tokens.complete()).isTrue();
        assertThat(tokens.values().get(1)).isEqualTo("<s>");
        long dataBytes = g.tensors().stream().mapToLong(TensorInfo::byteSize).sum();
        assertThat(dataBytes).isEqualTo(1_171_200L);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3, 23, 24, 100, 5_000, 20_000, 1_185_376 - 100})
    void aTruncatedFileIsRefusedNamingTheFile(long keep) throws IOException {
        byte[] all = Files.readAllBytes(stories());
        Path cut = dir.resolve("cut-" + keep + ".gguf");
        Files.write(cut, Arrays.copyOf(all, (int) keep));

        assertThatThrownBy(() -> GgufReader.read(cut))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining(cut.toString())
                .satisfiesAnyOf(
                        e -> assertThat(e).hasMessageContaining("truncated"),
                        e -> assertThat(e).hasMessageContaining("not a GGUF file"),
                        e -> assertThat(e).hasMessageContaining("left in the file"),
                        e -> assertThat(e).hasMessageContaining("impossible"));
    }

    @Test
    void garbageIsNotAGgufFile() throws IOException {
        byte[] junk = new byte[4096];
        new SplittableRandom(1).nextBytes(junk);
        Path f = dir.resolve("junk.gguf");
        Files.write(f, junk);

        assertThatThrownBy(() -> GgufReader.read(f))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("not a GGUF file");
    }

    @Test
    void anOldVersionIsNamed() throws IOException {
        Path f = header(1, 0, 0, new byte[64]);
        assertThatThrownBy(() -> GgufReader.read(f)).hasMessageContaining("unsupported GGUF version 1");
    }

    @Test
    void absurdCountsAndLengthsFailWithoutAllocating() throws IOException {
        Path manyKeys = header(3, 0, Long.MAX_VALUE / 2, new byte[64]);
        assertThatThrownBy(() -> GgufReader.read(manyKeys)).hasMessageContaining("metadata count");

        Path manyTensors = header(3, 1L << 40, 0, new byte[64]);
        assertThatThrownBy(() -> GgufReader.read(manyTensors)).hasMessageContaining("tensor count");

        // one key whose length claims 2^40 bytes
        ByteBuffer key = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Path longKey = header(3, 0, 1, key.array());
        assertThatThrownBy(() -> GgufReader.read(longKey)).hasMessageContaining("left in the file");

        // one string array claiming 2^40 elements
        ByteBuffer arr = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(1).put((byte) 'k').putInt(GgufValueType.ARRAY.code())
                .putInt(GgufValueType.STRING.code()).putLong(1L << 40);
        Path longArray = header(3, 0, 1, arr.array());
        assertThatThrownBy(() -> GgufReader.read(longArray)).hasMessageContaining("length of array 'k'");
    }

    private Path header(int version, long tensors, long kvs, byte[] rest) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GgufReader.MAGIC).putInt(version).putLong(tensors).putLong(kvs).put(rest);
        Path f = Files.createTempFile(dir, "hdr", ".gguf");
        Files.write(f, b.array());
        return f;
    }
}
