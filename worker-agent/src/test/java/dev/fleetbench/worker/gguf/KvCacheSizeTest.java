package dev.fleetbench.worker.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key/value cache per token of context that the catalog gives the prediction, worked by hand. */
class KvCacheSizeTest {

    @TempDir
    Path dir;

    @Test
    void theCacheIsKeysAndValuesOfEveryLayerInSixteenBits() throws IOException {
        // 64 wide, 4 heads of 16, 2 key/value heads: a key or value is 32 wide; 2 × 2 layers × 32 × 2 bytes = 256
        SyntheticSpec gqa = new SyntheticSpec("kv-gqa", 64, 2, 4, 2, 128, 2048, 11, null);
        assertThat(gqa.kvBytesPerToken()).isEqualTo(256);
        GgufFile file = GgufReader.read(new ModelStore(dir).generate(gqa, p -> { }));
        assertThat(file.kvBytesPerToken()).as("read back from the header").isEqualTo(256);
        // the 8M preset: 256 wide, 9 layers, 4 heads all key/value: 2 × 9 × 256 × 2 = 9,216 bytes per token
        assertThat(SyntheticModels.preset("synthetic-8m").orElseThrow().kvBytesPerToken()).isEqualTo(9_216);
    }
}
