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
 * The native llama.cpp tools ({@code llama-bench}, {@code llama-server}) built from the llama.cpp source that the npm
 * package node-llama-cpp ships, kept in a cache folder outside the repository keyed by the llama.cpp tag. The one
 * place that knows how to find or build them is the script {@code /llama-cpp/build.sh} on the classpath (also run by
 * {@code .ci/run}); this class runs it with bash, so Java and CI share one layout. Used by the native-reference
 * benchmark and by the tests that need a real llama-server. Linux and macOS only (bash, cmake).
 *
 * @param bin       the folder with the tools and llama.cpp's shared libraries
 * @param buildInfo the folder's BUILD-INFO text (npm version, tag, commit, cmake flags), or "" when absent
 */
public record NativeLlamaCpp(Path bin, String buildInfo) {

    static final String SCRIPT = "/llama-cpp/build.sh";

    /** Why the tools are not here, for a test's skip message or a benchmark's error. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** The tools when already built (or adoptable), without building. */
    public static Optional<NativeLlamaCpp> find() {
        try {
            return Optional.of(run(true, 60));
        } catch (Unavailable e) {
            return Optional.empty();
        }
    }

    /**
     * The tools, built first when missing (about 11 minutes on 2 cores; concurrent callers wait for one build).
     *
     * @throws Unavailable when they cannot be built here (no bash, npm, git, cmake or compiler), with what is missing
     */
    public static NativeLlamaCpp findOrBuild() throws Unavailable {
        return run(false, 45 * 60);
    }

    private static NativeLlamaCpp run(boolean findOnly, long limitSeconds) throws Unavailable {
        Path script;
        try (InputStream in = NativeLlamaCpp.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new Unavailable("the build script " + SCRIPT + " is missing from the classpath");
            }
            script = Files.createTempFile("fleetbench-llama-cpp-", ".sh");
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new Unavailable("cannot write the llama.cpp build script to the temp folder: " + e.getMessage());
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            if (findOnly) {
                cmd.add("--find-only");
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Unavailable("building llama.cpp took longer than " + limitSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return switch (p.exitValue()) {
                case 0 -> of(Path.of(last));
                case 3 -> throw new Unavailable("native llama.cpp is not built yet (run " + SCRIPT.substring(1)
                        + " from worker-agent/src/main/resources, or .ci/run)");
                default -> throw new Unavailable("native llama.cpp cannot be built here (exit " + p.exitValue()
                        + "; the script's message is above in the log: usually cmake, g++, git or npm is missing)");
            };
        } catch (IOException e) {
            throw new Unavailable("cannot run bash for the llama.cpp build script: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while finding llama.cpp");
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }

    /** The tools in a given folder (as the script printed it). */
    public static NativeLlamaCpp of(Path bin) throws Unavailable {
        if (!Files.isExecutable(bin.resolve("llama-bench")) || !Files.isExecutable(bin.resolve("llama-server"))) {
            throw new Unavailable("no llama-bench and llama-server in " + bin);
        }
        String info = "";
        try {
            Path file = bin.getParent().resolve("BUILD-INFO");
            if (Files.isRegularFile(file)) {
                info = Files.readString(file).strip();
            }
        } catch (IOException ignored) {
            // the info is for the printout only
        }
        return new NativeLlamaCpp(bin, info);
    }

    /** The llama.cpp tag of this build, from BUILD-INFO ("v0.5.0"), else the folder name. */
    public String tag() {
        for (String line : buildInfo.split("\n")) {
            if (line.startsWith("tag ")) {
                return line.substring(4).strip();
            }
        }
        return bin.getParent().getFileName().toString();
    }

    /** The commit of this build, from BUILD-INFO; "unknown" when absent. */
    public String commit() {
        for (String line : buildInfo.split("\n")) {
            if (line.startsWith("commit ")) {
                return line.substring(7).strip();
            }
        }
        return "unknown";
    }

    /**
     * A process builder for one of the tools, with llama.cpp's shared libraries found next to it (the build's own
     * run path may point at the folder it was built in).
     */
    public ProcessBuilder tool(String name, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(name).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String key = System.getProperty("os.name", "").startsWith("Mac") ? "DYLD_LIBRARY_PATH" : "LD_LIBRARY_PATH";
        String old = pb.environment().get(key);
        pb.environment().put(key, bin + (old == null || old.isEmpty() ? "" : java.io.File.pathSeparator + old));
        return pb;
    }
}
