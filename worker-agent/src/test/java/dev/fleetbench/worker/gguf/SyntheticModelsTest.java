package dev.fleetbench.worker.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModelsTest {

    /** About 1M parameters: small enough to write and hash in milliseconds. */
    static final SyntheticSpec TINY = new SyntheticSpec("tiny", 128, 4, 4, 2, 384, 2048, 7, null);

    @TempDir
    Path dir;

    @Test
    void writesALlamaModelThatReadsBack() throws IOException {
        Path f = dir.resolve("tiny.gguf");
        long params = SyntheticModels.write(TINY, f, p -> { });

        GgufFile g = GgufReader.read(f);
        int vocab = SyntheticModels.vocabularySize();
        assertThat(g.version()).isEqualTo(3);
        assertThat(g.architecture()).isEqualTo("llama");
        assertThat(g.name()).isEqualTo("fleetbench-synthetic-tiny");
        assertThat(SyntheticModels.isSynthetic(g)).isTrue();
        assertThat(g.parameterCount()).isEqualTo(params).isEqualTo(TINY.parameterCount(vocab));
        assertThat(params).isBetween(900_000L, 1_100_000L);
        assertThat(g.dominantTensorType()).isEqualTo("F32");
        assertThat(g.contextLength()).isEqualTo(2048);
        assertThat(g.embeddingLength()).isEqualTo(128);
        assertThat(g.blockCount()).isEqualTo(4);
        assertThat(g.integer("llama.attention.head_count_kv")).contains(2L);
        assertThat(g.integer("llama.rope.dimension_count")).contains(32L);
        assertThat(g.tokenizerModel()).isEqualTo("llama");
        assertThat(g.vocabularySize()).isEqualTo(vocab);
        assertThat(g.chatTemplate()).isEmpty();
        assertThat(g.tensors()).hasSize(3 + 9 * 4);
        assertThat(g.tensors()).allSatisfy(t -> assertThat(t.offset() % 32).isZero());
        assertThat(g.dataOffset() % 32).isZero();
        assertThat(g.fileSize()).isEqualTo(g.dataOffset() + 4 * params);
        // 259 special and byte tokens in front, then ordinary pieces.
        GgufArray types = (GgufArray) g.metadata().get("tokenizer.ggml.token_type");
        assertThat(types.complete()).isTrue();
        assertThat(types.values().subList(0, 4)).containsExactly(2L, 3L, 3L, 6L);
        assertThat(types.values().get(258)).isEqualTo(6L);
        assertThat(types.values().get(259)).isEqualTo(1L);
    }

    @Test
    void theSameSpecGivesTheSameBytes() throws Exception {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        SyntheticModels.write(TINY, a, p -> { });
        SyntheticModels.write(TINY, b, p -> { });
        Path c = dir.resolve("c.gguf");
        SyntheticModels.write(new SyntheticSpec("tiny", 128, 4, 4, 2, 384, 2048, 8, null), c, p -> { });

        assertThat(sha256(a)).isEqualTo(sha256(b)).isNotEqualTo(sha256(c));
    }

    @Test
    void theVocabularyHasBytesSpecialsAndWords() {
        SyntheticVocabulary v = new SyntheticVocabulary();
        List<String> tokens = v.tokens();
        assertThat(tokens.subList(0, 3)).containsExactly("<unk>", "<s>", "</s>");
        assertThat(tokens.get(3)).isEqualTo("<0x00>");
        assertThat(tokens.get(258)).isEqualTo("<0xFF>");
        assertThat(tokens).contains("\u2581the", "\u2581a", "\u2581Once", "e", ".");
        assertThat(v.isGenerable(tokens.indexOf("\u2581the"))).isTrue();
        assertThat(v.isGenerable(tokens.indexOf("\u2581th"))).isFalse();
        assertThat(v.isGenerable(tokens.indexOf("<0x41>"))).isFalse();
        assertThat(v.isGenerable(SyntheticVocabulary.EOS)).isFalse();
        // no token carries a word boundary after its first character: words never merge across boundaries
        assertThat(tokens).noneMatch(t -> t.indexOf('\u2581', 1) > 0);
    }

    @Test
    void presetsAreCloseToTheirNames() {
        int vocab = SyntheticModels.vocabularySize();
        assertThat(SyntheticModels.presetNames()).containsExactly("synthetic-8m", "synthetic-30m", "synthetic-120m");
        assertThat((double) SyntheticModels.preset("synthetic-8m").orElseThrow().parameterCount(vocab))
                .isCloseTo(8e6, within(0.8e6));
        assertThat((double) SyntheticModels.preset("synthetic-30m").orElseThrow().parameterCount(vocab))
                .isCloseTo(30e6, within(3e6));
        assertThat((double) SyntheticModels.preset("synthetic-120m").orElseThrow().parameterCount(vocab))
                .isCloseTo(120e6, within(12e6));
    }

    static String sha256(Path f) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
