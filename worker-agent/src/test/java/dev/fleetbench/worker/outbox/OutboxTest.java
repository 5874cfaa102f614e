package dev.fleetbench.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    private static Sample sample(String lease) {
        return Samples.ok("m", "p", 10, 5, 3).withPlacement("c1", "cell-1", lease, "w1");
    }

    @Test
    void samplesSurviveAReopenInOrderUntilRemoved() throws IOException {
        Outbox box = Outbox.open(dir);
        Sample a = sample("l1");
        Sample b = sample("l1");
        Sample c = sample("l2");
        box.append(a);
        box.append(b);
        box.append(c);
        box.append(a);
        assertThat(box.size()).as("appending the same sample twice keeps one").isEqualTo(3);
        assertThat(box.pendingFor("l1")).isEqualTo(2);

        Outbox reopened = Outbox.open(dir);
        assertThat(reopened.peek(10)).containsExactly(a, b, c);
        reopened.remove(List.of(a.id(), "unknown"));
        assertThat(reopened.peek(1)).containsExactly(b);
        Sample d = sample("l2");
        reopened.append(d);

        Outbox third = Outbox.open(dir);
        assertThat(third.peek(10)).containsExactly(b, c, d);
        assertThat(third.pendingFor("l2")).isEqualTo(2);
    }

    @Test
    void aWriteInterruptedByACrashIsDroppedAndAnUnreadableFileIsSetAsideNotLost() throws IOException {
        Outbox box = Outbox.open(dir);
        box.append(sample("l1"));
        Files.writeString(dir.resolve("0000000000000000099-x.json.tmp"), "{\"half");
        Files.writeString(dir.resolve("0000000000000000098-y.json"), "garbage");
        Outbox reopened = Outbox.open(dir);
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("0000000000000000099-x.json.tmp"))).isFalse();
        assertThat(Files.exists(dir.resolve("unreadable/0000000000000000098-y.json"))).isTrue();
        assertThat(reopened.problems()).singleElement().asString().contains("0000000000000000098-y.json");
        reopened.append(sample("l1"));
        assertThat(Outbox.open(dir).size()).as("sequence continues after the highest file").isEqualTo(2);
    }

    @Test
    void idsMustBeSafeFileNames() throws IOException {
        Outbox box = Outbox.open(dir);
        Sample evil = dev.fleetbench.common.model.Sample.builder("../../etc/passwd", "m", "p",
                dev.fleetbench.common.model.SampleKind.MEASURED, 0).ok();
        assertThatThrownBy(() -> box.append(evil)).hasMessageContaining("not a safe file name");
    }

    @Test
    void aFlushedSampleWhoseRenameWasLostToAPowerCutIsRecovered() throws IOException {
        Outbox box = Outbox.open(dir);
        Sample first = sample("l1");
        Sample flushed = sample("l1");
        box.append(first);
        box.append(flushed);
        // what a power cut on Windows can leave: the data forced to disk under the temporary name, the rename lost
        String name;
        try (var files = Files.list(dir)) {
            name = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(flushed.id())).findFirst()
                    .orElseThrow();
        }
        Files.move(dir.resolve(name), dir.resolve(name + ".tmp"));

        Outbox reopened = Outbox.open(dir);

        assertThat(reopened.peek(10)).containsExactly(first, flushed);
        assertThat(dir.resolve(name)).exists();
        assertThat(dir.resolve(name + ".tmp")).doesNotExist();
        assertThat(reopened.problems()).isEmpty();
    }
}
