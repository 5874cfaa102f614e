package dev.fleetbench.worker.engine.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which native library of the de.kherud:llama binding the embedded engine runs: the one its jar ships (llama.cpp
 * compiled for any x86-64 with AVX2) or one built on this machine from the binding's C++ source (the script
 * {@code llama-cpp/build-jllama.sh}, with {@code -DGGML_NATIVE=ON}) and loaded from a folder ({@code --llama-lib}, or
 * the binding's own {@value #PROPERTY} property). The two differ in speed, so which one ran belongs in every sample's
 * fingerprint ({@link #describe(String)}). Immutable; pure apart from {@link #read(Path, String, String)}.
 *
 * @param folder    the folder that holds the machine-built library; null for the jar's own
 * @param buildInfo the folder's BUILD-INFO text (binding, llama.cpp tag and commit, cmake flags), "" when absent
 */
public record NativeLibrary(Path folder, String buildInfo) {

    /** The binding's property for a folder to load its library from instead of the jar. */
    public static final String PROPERTY = "de.kherud.llama.lib.path";
    /** The library's file name on Linux, the one platform the build script builds for. */
    static final String LINUX_FILE = "libjllama.so";

    public NativeLibrary {
        buildInfo = buildInfo == null ? "" : buildInfo.strip();
    }

    /** The library the binding's jar ships. */
    public static NativeLibrary bundled() {
        return new NativeLibrary(null, "");
    }

    /**
     * The library in a folder, with its BUILD-INFO when there is one.
     *
     * @param source   where the folder was named ("--llama-lib", the property), for the error message
     * @throws IllegalArgumentException when the folder does not exist or holds no {@code fileName}, naming both
     */
    public static NativeLibrary read(Path folder, String fileName, String source) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(source + " " + folder + ": no such folder (it must hold " + fileName
                    + ", as built by worker-agent/src/main/resources/llama-cpp/build-jllama.sh)");
        }
        if (!Files.isRegularFile(folder.resolve(fileName))) {
            throw new IllegalArgumentException(source + " " + folder + ": the folder holds no " + fileName
                    + " (build one with worker-agent/src/main/resources/llama-cpp/build-jllama.sh)");
        }
        String info = "";
        Path file = folder.resolve("BUILD-INFO");
        try {
            if (Files.isRegularFile(file)) {
                info = Files.readString(file);
            }
        } catch (IOException e) {
            // the library still loads; its fingerprint then says the build was not recorded
        }
        return new NativeLibrary(folder.toAbsolutePath().normalize(), info);
    }


    /**
     * The library a process is configured with: {@code --llama-lib} when given, else the binding's own property when
     * set, else the jar's.
     *
     * @param option   the {@code --llama-lib} folder, or null
     * @param property the value of {@value #PROPERTY}, or null
     */
    public static NativeLibrary configured(Path option, String property) {
        if (option != null) {
            return read(option, NativePlatform.current().libraryName(), "--llama-lib");
        }
        if (property != null && !property.isBlank()) {
            return read(Path.of(property), NativePlatform.current().libraryName(), "-D" + PROPERTY);
        }
        return bundled();
    }

    /** Whether this is a library built on this machine rather than the jar's. */
    public boolean machineBuilt() {
        return folder != null;
    }

    /** The llama.cpp release it was built against ("b4980"), or null when not recorded. */
    public String llamaTag() {
        return field("tag");
    }

    /** The llama.cpp commit it was built from, or null when not recorded. */
    public String llamaCommit() {
        return field("commit");
    }

    /** Whether it was built for this machine's processor ({@code -DGGML_NATIVE=ON}). */
    public boolean nativeIsa() {
        String cmake = field("cmake");
        return cmake != null && cmake.contains("-DGGML_NATIVE=ON");
    }

    /**
     * The fingerprint's {@code binding} setting: "de.kherud:llama 4.1.0" for the jar's library; for a machine-built
     * one also its build, e.g. "de.kherud:llama 4.1.0, libjllama built here: llama.cpp b4980 (a97dd0e), GGML_NATIVE".
     */
    public String describe(String bindingVersion) {
        String binding = "de.kherud:llama " + bindingVersion;
        if (!machineBuilt()) {
            return binding;
        }
        String tag = llamaTag();
        if (tag == null) {
            return binding + ", libjllama from a local folder, build not recorded";
        }
        String commit = llamaCommit();
        return binding + ", libjllama built here: llama.cpp " + tag + (commit == null ? "" : " (" + commit + ")")
                + (nativeIsa() ? ", GGML_NATIVE" : ", generic ISA");
    }

    private String field(String key) {
        for (String line : buildInfo.split("\n")) {
            if (line.startsWith(key + " ")) {
                String v = line.substring(key.length() + 1).strip();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
