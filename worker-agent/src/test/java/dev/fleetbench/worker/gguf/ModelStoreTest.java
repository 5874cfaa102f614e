package dev.fleetbench.worker.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void installsTheBundledModelWithItsLicenseOnce() throws IOException {
        ModelStore store = new ModelStore(dir.resolve("models"));
        assertThat(store.list()).isEmpty();

        Path model = store.installBundled();
        long modified = Files.getLastModifiedTime(model).toMillis();
        store.installBundled();

        assertThat(model).hasFileName("stories260K.gguf");
        assertThat(Files.size(model)).isEqualTo(1_185_376L);
        assertThat(store.dir().resolve("stories260K.LICENSE.md")).exists();
        assertThat(Files.getLastModifiedTime(model).toMillis()).isEqualTo(modified);
        assertThat(store.list()).containsExactly(model);
        assertThat(store.find("stories260K")).contains(model);
        assertThat(ModelStore.idOf(model)).isEqualTo("stories260K");
    }

    @Test
    void generatesCustomModelsAndIgnoresPartialFiles() throws IOException {
        ModelStore store = new ModelStore(dir);
        Files.write(dir.resolve(".synthetic-30m.gguf.123.part"), new byte[10]);
        List<Double> progress = new ArrayList<>();

        Path tiny = store.generate(SyntheticModelsTest.TINY, progress::add);

        assertThat(store.list()).containsExactly(tiny);
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(100.0);
        assertThat(store.find("tiny")).contains(tiny);
        assertThat(store.find("synthetic-30m")).isEmpty();
    }

    @Test
    void ensureKnowsPresetsAndRefusesOtherNames() throws IOException {
        ModelStore store = new ModelStore(dir);
        assertThat(ModelStore.isPreset("synthetic-8m")).isTrue();
        assertThat(ModelStore.isPreset("tiny")).isFalse();
        assertThat(store.ensure("stories260K")).exists();
        assertThatThrownBy(() -> store.ensure("no-such-model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining("synthetic-8m");
    }
}
