package dev.fleetbench.worker.engine.foundry.testdouble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A fake {@code foundry} executable for tests: a POSIX shell script (generated into a temp folder that tests put
 * first on {@code PATH}) that hands its arguments to the double through files and prints what the double answers,
 * on stdout and stderr, with its exit code. The answers ({@link CliTexts}) are what the real CLI prints (spec §1).
 * No JVM starts per call: a command costs a few tens of milliseconds. Not for Windows.
 *
 * <p>Protocol in the rpc folder, per call (id = the script's PID): the script writes {@code .req.ID} (one argument
 * per line) and renames it {@code req.ID}; the double writes {@code out.ID}, {@code err.ID}, {@code code.ID}, then
 * {@code done.ID}; the script prints and removes them.
 */
final class FakeFoundryCli implements AutoCloseable {

    private final FoundryDouble d;
    private final Path bin;
    private final Path rpc;
    private final Path exe;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-foundry-cli");
        t.setDaemon(true);
        return t;
    });
    private final Thread watcher;
    private volatile boolean closed;

    FakeFoundryCli(FoundryDouble d, Path bin, Path rpc) throws IOException {
        this.d = d;
        this.bin = bin;
        this.rpc = rpc;
        this.exe = bin.resolve("foundry");
        Files.writeString(exe, script(rpc), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.watcher = new Thread(this::watch, "fake-foundry-cli-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    Path binDir() {
        return bin;
    }

    Path executable() {
        return exe;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    static String script(Path rpc) {
        String dir = rpc.toAbsolutePath().toString().replace("'", "'\\''");
        return "#!/bin/sh\n"
                + "# FleetBench test fake of the Foundry Local CLI: asks the test double, prints its answer.\n"
                + "dir='" + dir + "'\n"
                + "id=$$\n"
                + ": > \"$dir/.req.$id\"\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$dir/.req.$id\"; done\n"
                + "mv \"$dir/.req.$id\" \"$dir/req.$id\"\n"
                + "n=0\n"
                + "while [ ! -f \"$dir/done.$id\" ]; do\n"
                + "  sleep 0.01\n"
                + "  n=$((n+1))\n"
                + "  if [ $n -gt 12000 ]; then echo 'fake foundry: the test double did not answer' >&2; exit 99; fi\n"
                + "done\n"
                + "cat \"$dir/out.$id\"\n"
                + "cat \"$dir/err.$id\" >&2\n"
                + "code=$(cat \"$dir/code.$id\")\n"
                + "rm -f \"$dir/out.$id\" \"$dir/err.$id\" \"$dir/code.$id\" \"$dir/done.$id\"\n"
                + "exit \"$code\"\n";
    }

    private void watch() {
        while (!closed) {
            try (Stream<Path> s = Files.list(rpc)) {
                s.filter(p -> p.getFileName().toString().startsWith("req.")).forEach(this::take);
                Thread.sleep(5);
            } catch (IOException | UncheckedIOException e) {
                // the folder is being cleaned up
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void take(Path request) {
        String id = request.getFileName().toString().substring(4);
        Path taken = rpc.resolve("taken." + id);
        try {
            Files.move(request, taken, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return;
        }
        workers.execute(() -> answer(id, taken));
    }

    private void answer(String id, Path taken) {
        try {
            List<String> args = Files.readAllLines(taken, StandardCharsets.UTF_8);
            Files.deleteIfExists(taken);
            calls.add(String.join(" ", args));
            CliTexts.Answer a;
            try {
                a = new CliTexts(d).answer(args);
            } catch (RuntimeException | IOException e) {
                a = new CliTexts.Answer("", "fake foundry failed: " + e + "\n", 70);
            }
            Files.writeString(rpc.resolve("out." + id), a.out(), StandardCharsets.UTF_8);
            Files.writeString(rpc.resolve("err." + id), a.err(), StandardCharsets.UTF_8);
            Files.writeString(rpc.resolve("code." + id), Integer.toString(a.code()), StandardCharsets.UTF_8);
            Path tmp = rpc.resolve(".done." + id);
            Files.writeString(tmp, "");
            Files.move(tmp, rpc.resolve("done." + id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the caller gives up after its own timeout
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        workers.shutdownNow();
    }
}
