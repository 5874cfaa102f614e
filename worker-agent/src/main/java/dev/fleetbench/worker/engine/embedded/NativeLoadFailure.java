package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed load of the native library into ENGINE_UNAVAILABLE with what really went wrong and what to install.
 * The binding throws only "No native library found for os.name=…" whatever the cause; the operating system's own
 * error (a missing dependent DLL, a file in use, a wrong architecture) is what it printed to standard error on the way,
 * so that text, captured during the load, is the one we show. Pure.
 */
final class NativeLoadFailure {

    /** Where the Visual C++ runtime comes from; the JDK ships VCRUNTIME140 and MSVCP140 but not VCOMP140 (OpenMP). */
    static final String VC_REDIST = "the Microsoft Visual C++ 2015-2022 Redistributable (x64): "
            + "winget install Microsoft.VCRedist.2015+.x64, or https://aka.ms/vs/17/release/vc_redist.x64.exe";

    private NativeLoadFailure() {
    }

    /**
     * @param error         what the binding threw
     * @param bindingOutput what it printed while loading (standard output and error), possibly empty
     * @param platform      the OS and JVM architecture
     * @param shipped       whether the binding's jar holds a library for that platform
     */
    static EngineException describe(Throwable error, String bindingOutput, NativePlatform platform, boolean shipped) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        String osError = osError(bindingOutput == null ? "" : bindingOutput);
        String all = (chain + "\n" + osError).toLowerCase(Locale.ROOT);
        String hint;
        if (!shipped) {
            hint = "de.kherud:llama ships no native library for " + platform.describe() + "; use Foundry Local or an "
                    + "OpenAI-compatible server on this machine";
        } else if (all.contains("libgomp")) {
            hint = "the OpenMP runtime libgomp.so.1 is missing: install it (Debian/Ubuntu: apt-get install libgomp1;"
                    + " Fedora/RHEL: dnf install libgomp)";
        } else if (platform.os() == OsFamily.WINDOWS && all.contains("dependent libraries")) {
            hint = "a DLL that jllama.dll needs is missing, most likely VCOMP140.dll: install " + VC_REDIST;
        } else if (platform.os() == OsFamily.WINDOWS && (all.contains("being used by another process")
                || all.contains("access is denied"))) {
            hint = "the library could not be written to its extraction folder (" + NativeFolder.PROPERTY
                    + "): another process holds it or the folder is not writable";
        } else {
            hint = "the native llama.cpp library could not be loaded on " + platform.describe() + "; check that the "
                    + "extraction folder (" + NativeFolder.PROPERTY + ") is writable and not mounted noexec";
        }
        String said = osError.isEmpty() ? firstLine(chain.toString()) : osError;
        return new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: " + hint
                + " (" + error.getClass().getSimpleName() + ": " + said + ")", error);
    }

    /**
     * The lines of the binding's output that carry the operating system's error: not its progress lines
     * ("Extracted …", the macOS resource path) and not its own summary ("Failed to load native library: …").
     */
    static String osError(String bindingOutput) {
        List<String> lines = bindingOutput.lines().map(String::strip)
                .filter(l -> !l.isEmpty())
                .filter(l -> !l.startsWith("Extracted '") && !l.startsWith("/de/kherud/llama/"))
                .filter(l -> !l.startsWith("Failed to load native library"))
                .toList();
        return String.join("; ", lines);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
