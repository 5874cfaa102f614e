package dev.fleetbench.worker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents sharing a machine measure one at a time: across processes, within one JVM, and a cancelled wait ends. */
class MeasuringTurnTest {

    @TempDir
    Path dir;

    @Test
    void anAgentInAnotherProcessHoldsTheTurnUntilItLetsGo() throws Exception {
        Path file = dir.resolve("turn.lock");
        Process other = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("holding");
            AtomicBoolean held = new AtomicBoolean();
            CompletableFuture<MeasuringTurn.Held> waiting = CompletableFuture.supplyAsync(() -> {
                MeasuringTurn.Held h = MeasuringTurn.sharedThrough(file).await(() -> false);
                held.set(true);
                return h;
            });
            // the other process holds it: several polls go by without the turn
            Thread.sleep(MeasuringTurn.POLL.toMillis() * 10);
            assertThat(held).as("turn taken while another process held it").isFalse();
            other.getOutputStream().close(); // the holder lets go and exits
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            waiting.get(30, TimeUnit.SECONDS).close();
            assertThat(held).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void twoAgentsInOneJvmTakeTurnsToo() throws Exception {
        Path file = dir.resolve("turn.lock");
        MeasuringTurn.Held first = MeasuringTurn.sharedThrough(file).await(() -> false);
        CompletableFuture<MeasuringTurn.Held> second = CompletableFuture.supplyAsync(
                () -> MeasuringTurn.sharedThrough(file).await(() -> false));
        Thread.sleep(MeasuringTurn.POLL.toMillis() * 10);
        assertThat(second).isNotDone();
        first.close();
        second.get(30, TimeUnit.SECONDS).close();
    }

    @Test
    void aLeaseCancelledWhileWaitingGetsNoTurn() throws Exception {
        Path file = dir.resolve("turn.lock");
        try (MeasuringTurn.Held first = MeasuringTurn.sharedThrough(file).await(() -> false)) {
            AtomicBoolean cancelled = new AtomicBoolean();
            CompletableFuture<MeasuringTurn.Held> second = CompletableFuture.supplyAsync(
                    () -> MeasuringTurn.sharedThrough(file).await(cancelled::get));
            cancelled.set(true);
            assertThat(second.get(30, TimeUnit.SECONDS)).isNull();
            assertThat(first).isNotNull();
        }
        // and the turn is free again afterwards
        MeasuringTurn.sharedThrough(file).await(() -> false).close();
    }

    /** Another agent's process: holds the turn until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (MeasuringTurn.Held h = MeasuringTurn.sharedThrough(Path.of(args[0])).await(() -> false)) {
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our stdin
                }
            }
        }
    }
}
