package dev.fleetbench.worker.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine's native library built for this machine (libjllama of the de.kherud:llama binding, llama.cpp
 * with {@code -DGGML_NATIVE=ON}), kept in a cache folder outside the repository. The one place that knows how to find
 * or build it is the script {@code /llama-cpp/build-jllama.sh} on the classpath; this class runs it with bash, so that
 * the benchmark, the tests and a developer's shell share one layout. Building needs the binding's C++ source, which is
 * in the source tree (worker-agent/src/main/native), so only a run from a checkout can build; finding works anywhere.
 * Linux only.
 */
public final class MachineBuiltBinding {

    static final String SCRIPT = "/llama-cpp/build-jllama.sh";
    /** The binding's C++ source, relative to the repository root or to the worker-agent module. */
    static final List<String> SOURCES = List.of("worker-agent/src/main/native/jllama-4.1.0", "src/main/native/jllama-4.1.0");

    private MachineBuiltBinding() {
    }

    /** The library's folder when it is already built, without building. */
    public static Optional<Path> find() {
        try {
            return Optional.of(run(true, 60));
        } catch (NativeLlamaCpp.Unavailable e) {
            return Optional.empty();
        }
    }

    /**
     * The library's folder, built first when missing (about 20 minutes on 2 cores; concurrent callers wait for one).
     *
     * @throws NativeLlamaCpp.Unavailable when it cannot be built here, with what is missing
     */
    public static Path findOrBuild() throws NativeLlamaCpp.Unavailable {
        return run(false, 60 * 60);
    }

    private static Path run(boolean findOnly, long limitSeconds) throws NativeLlamaCpp.Unavailable {
        Path script;
        try (InputStream in = MachineBuiltBinding.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new NativeLlamaCpp.Unavailable("the build script " + SCRIPT + " is missing from the classpath");
            }
            script = Files.createTempFile("fleetbench-jllama-", ".sh");
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new NativeLlamaCpp.Unavailable("cannot write the jllama build script to the temp folder: "
                    + e.getMessage());
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            if (findOnly) {
                cmd.add("--find-only");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            SOURCES.stream().map(Path::of).filter(Files::isDirectory).findFirst()
                    .ifPresent(src -> pb.environment().put("FLEETBENCH_JLLAMA_SOURCE", src.toAbsolutePath().toString()));
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NativeLlamaCpp.Unavailable("building libjllama took longer than " + limitSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return switch (p.exitValue()) {
                case 0 -> Path.of(last);
                case 3 -> throw new NativeLlamaCpp.Unavailable("the machine-built libjllama is not in the cache yet"
                        + " (run bash worker-agent/src/main/resources" + SCRIPT + " from the repository root)");
                default -> throw new NativeLlamaCpp.Unavailable("libjllama cannot be built here (exit "
                        + p.exitValue() + "; the script's message is above in the log)");
            };
        } catch (IOException e) {
            throw new NativeLlamaCpp.Unavailable("cannot run bash for the jllama build script: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NativeLlamaCpp.Unavailable("interrupted while finding libjllama");
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }
}
