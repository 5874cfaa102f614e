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

    @Test
    void onlyNamesThatAreFileNamesOnEveryOsNameModels() throws IOException {
        ModelStore store = new ModelStore(dir);
        assertThat(ModelStore.isFileName("synthetic-8m")).isTrue();
        assertThat(ModelStore.isFileName("qwen2.5-0.5b-instruct")).isTrue();
        // a colon is illegal in a Windows file name (Path.of throws InvalidPathException there)
        assertThat(ModelStore.isFileName("phi-4-mini:2")).isFalse();
        assertThat(ModelStore.isFileName("../../etc/passwd")).isFalse();
        assertThat(ModelStore.isFileName("a\\b")).isFalse();
        assertThat(ModelStore.isFileName("model.")).isFalse();
        assertThat(ModelStore.isFileName("")).isFalse();

        assertThat(store.find("phi-4-mini:2")).isEmpty();
        assertThat(store.find("../models/x")).isEmpty();
        assertThatThrownBy(() -> store.ensure("phi-4-mini:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phi-4-mini:2");
    }

    @Test
    void twoWritersOfOneFolderMakeAPresetOnceAndLeaveNoPartFiles() throws Exception {
        // two stores over one folder stand for two worker processes sharing ~/.fleetbench/models
        ModelStore first = new ModelStore(dir);
        ModelStore second = new ModelStore(dir);
        List<Double> progressA = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> progressB = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> {
                go.await();
                return first.ensure("synthetic-8m", progressA::add);
            });
            var b = pool.submit(() -> {
                go.await();
                return second.ensure("synthetic-8m", progressB::add);
            });
            go.countDown();

            assertThat(a.get(120, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo(b.get(120, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        // exactly one of them generated (many progress steps); the other found the finished file (one 100 %)
        assertThat(List.of(progressA.size(), progressB.size())).containsOnlyOnce(1);
        assertThat(progressA.size() + progressB.size()).isGreaterThan(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
