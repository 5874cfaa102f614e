package dev.fleetbench.worker.hardware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real {@link CommandRunner}: {@link ProcessBuilder} with an argument list, standard error discarded, standard
 * input closed, output capped, and a hard timeout after which the process and its children are killed.
 * Thread-safe: it keeps no state.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** More than any query of the probe prints; a cap keeps a runaway command from filling the heap. */
    static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        Process process;
        try {
            // stderr is discarded rather than merged: merged text would corrupt what the parsers read
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return CommandResult.failed(command, "cannot start: " + e.getMessage());
        }
        try {
            // closing stdin at once: PowerShell and some tools otherwise wait for input that never comes
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process may already have ended; its output is still worth reading
        }
        // read on a thread of its own: a blocking read on this one could outlive the timeout, and the common
        // fork-join pool is too small on a 2-core machine to lend a thread to a blocking read
        FutureTask<byte[]> output = new FutureTask<>(() -> readCapped(process.getInputStream()));
        Thread reader = new Thread(output, "hardware-probe-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return CommandResult.failed(command, "timed out after " + describe(timeout));
            }
            byte[] bytes = output.get(1, TimeUnit.SECONDS);
            return CommandResult.exited(command, process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            return CommandResult.failed(command, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // a child that inherited stdout can keep the pipe open after the command itself ended
            kill(process);
            return CommandResult.failed(command, "output unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] readCapped(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() < MAX_OUTPUT_BYTES) {
                    out.write(buffer, 0, Math.min(n, MAX_OUTPUT_BYTES - out.size()));
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is killed; what was read so far is kept
        }
        return out.toByteArray();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
