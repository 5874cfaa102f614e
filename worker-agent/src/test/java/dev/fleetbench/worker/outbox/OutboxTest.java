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

    @Test
    void aFullOutboxRefusesTheNextSampleSaysSoAndTakesAgainOnceSomeAreAcknowledged() throws IOException {
        Outbox box = Outbox.open(dir, 3);
        Sample a = sample("l1");
        Sample b = sample("l1");
        Sample c = sample("l1");
        box.append(a);
        box.append(b);
        assertThat(box.isFull()).isFalse();
        assertThat(box.fullReport()).as("room left").isNull();
        box.append(c);
        box.append(c);
        assertThat(box.isFull()).as("3 of 3 (the same sample again takes no room)").isTrue();
        assertThat(box.fullReport()).isEqualTo("outbox full: 3 samples await the coordinator's acknowledgement"
                + " (limit 3); measuring waits until the coordinator has taken some");

        Sample d = sample("l1");
        assertThatThrownBy(() -> box.append(d)).isInstanceOf(Outbox.OutboxFullException.class)
                .hasMessageContaining("outbox full").hasMessageContaining("limit 3");
        assertThat(box.size()).isEqualTo(3);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().contains(d.id())).toList()).as("nothing of the refused sample")
                    .isEmpty();
        }

        box.remove(List.of(a.id()));
        assertThat(box.fullReport()).isNull();
        box.append(d);
        assertThat(box.peek(10)).containsExactly(b, c, d);
    }

    @Test
    void whatAPreviousRunLeftIsLoadedWholeEvenBeyondASmallerLimit() throws IOException {
        Outbox big = Outbox.open(dir, 10);
        for (int i = 0; i < 4; i++) {
            big.append(sample("l1"));
        }
        Outbox small = Outbox.open(dir, 2);
        assertThat(small.size()).as("measured samples are never dropped to meet a limit").isEqualTo(4);
        assertThat(small.fullReport()).contains("4 samples").contains("limit 2");
        assertThatThrownBy(() -> small.append(sample("l1"))).isInstanceOf(Outbox.OutboxFullException.class);
    }

    @Test
    void theLimitIsAtLeastOneSample() {
        assertThatThrownBy(() -> Outbox.open(dir, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the outbox's limit must be at least 1 sample, got 0");
    }

    @Test
    void appendWhenRoomWaitsForAnAcknowledgementInsteadOfLosingTheSample() throws Exception {
        Outbox box = Outbox.open(dir, 1);
        Sample first = sample("l1");
        Sample second = sample("l1");
        box.append(first);
        java.util.concurrent.CompletableFuture<String> told = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> appended = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                box.appendWhenRoom(second, told::complete, () -> false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(told.get(30, java.util.concurrent.TimeUnit.SECONDS)).startsWith("outbox full: 1 samples");
        assertThat(appended).as("waiting while the outbox is full").isNotDone();
        assertThat(box.size()).isEqualTo(1);

        box.remove(List.of(first.id()));
        appended.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(box.peek(10)).containsExactly(second);
    }

    @Test
    void anAbandonedWaitForRoomKeepsNothingAndSaysTheOutboxIsFull() throws IOException {
        Outbox box = Outbox.open(dir, 1);
        box.append(sample("l1"));
        List<String> told = new java.util.ArrayList<>();
        assertThatThrownBy(() -> box.appendWhenRoom(sample("l1"), told::add, () -> true))
                .isInstanceOf(Outbox.OutboxFullException.class).hasMessageContaining("limit 1");
        assertThat(told).singleElement().asString().startsWith("outbox full");
        assertThat(box.size()).isEqualTo(1);
    }
}
