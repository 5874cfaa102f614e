package dev.fleetbench.worker.engine.foundry.testdouble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A fake {@code foundry} executable for tests: a POSIX shell script (generated into a temp folder that tests put
 * first on {@code PATH}) that hands its arguments to the double through files and prints what the double answers,
 * on stdout and stderr, with its exit code. The answers ({@link CliTexts}) are what the real CLI prints (spec §1).
 * No JVM starts per call: a command costs a few tens of milliseconds. Not for Windows.
 *
 * <p>Protocol in the rpc folder, per call (id = the script's PID): the script writes {@code .req.ID} (one argument
 * per line) and renames it {@code req.ID}; the double writes {@code out.ID}, {@code err.ID}, {@code code.ID}, then
 * {@code done.ID}; the script prints and removes them. The script gives up as soon as the file {@code open} is gone
 * (the double closed, or the test's folder deleted), and {@link #close()} ends the scripts still waiting for an answer
 * (a {@code service start} that the engine spawned and did not wait for, say), so that no script outlives its test.
 */
final class FakeFoundryCli implements AutoCloseable {

    /** The file whose presence tells the scripts that the double still answers. */
    private static final String OPEN = "open";

    private final FoundryDouble d;
    private final Path bin;
    private final Path rpc;
    private final Path exe;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** The ids (script PIDs) of the calls taken and not answered yet. */
    private final Set<String> answering = ConcurrentHashMap.newKeySet();
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
        Files.writeString(rpc.resolve(OPEN), "");
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
                + "  if [ ! -f \"$dir/" + OPEN + "\" ]; then\n"
                + "    rm -f \"$dir/req.$id\"\n"
                + "    echo 'fake foundry: the test double is closed' >&2; exit 98\n"
                + "  fi\n"
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
        answering.add(id);
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
            // the caller gives up after its own timeout, or when close() ends it
        } finally {
            answering.remove(id);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            Files.deleteIfExists(rpc.resolve(OPEN));
        } catch (IOException e) {
            // the folder is gone: the scripts see that as well
        }
        watcher.interrupt();
        workers.shutdownNow();
        endWaitingScripts();
    }

    /**
     * Ends the scripts still waiting for an answer: those whose request is in the rpc folder (not taken, or taken and
     * not answered) and those being answered (an interrupted answer is never written). Each is checked to be this
     * fake's script before it is ended, and waited for.
     */
    private void endWaitingScripts() {
        Set<String> ids = new HashSet<>(answering);
        try (Stream<Path> s = Files.list(rpc)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("req.") || n.startsWith(".req.") || n.startsWith("taken."))
                    .forEach(n -> ids.add(n.substring(n.lastIndexOf('.') + 1)));
        } catch (IOException | UncheckedIOException e) {
            // the folder is gone: only the answers in progress are known
        }
        for (String id : ids) {
            Optional<ProcessHandle> script;
            try {
                script = ProcessHandle.of(Long.parseLong(id));
            } catch (NumberFormatException e) {
                continue;
            }
            script.filter(ProcessHandle::isAlive).filter(this::runsThisFake).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private boolean runsThisFake(ProcessHandle p) {
        String path = exe.toAbsolutePath().toString();
        return p.info().commandLine().map(c -> c.contains(path)).orElse(false)
                || p.info().arguments().map(a -> List.of(a).contains(path)).orElse(false);
    }
}
