package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.worker.hardware.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static parsers of what the {@code foundry} CLI prints (spec §1), tested on captured text. Pure; never throw.
 *
 * <p>Legacy CLI (0.3–0.8): {@code 🟢 Model management service is running on http://127.0.0.1:5273/openai/status},
 * {@code 🔴 Model management service is not running!}, {@code 💾 Cache directory path: …},
 * {@code Valid EPs: CPUExecutionProvider, …}. Current CLI (0.10+): {@code server status} prints {@code State},
 * {@code PID}, {@code Web URLs http://127.0.0.1:p}; {@code foundry service …} fails with
 * {@code Unrecognized command or argument 'service'}.
 */
final class CliOutput {

    /** The first URL of a status output is the service (spec §2.4: {@code http://[A-Za-z0-9.\-]+:\d+}). */
    static final Pattern URL = Pattern.compile("http://[A-Za-z0-9.\\-]+:\\d+");
    private static final Pattern PID = Pattern.compile("(?im)^\\s*PID\\b[\\s:]*(\\d+)|\\bPID\\s+(\\d+)");
    private static final Pattern VALID_EPS = Pattern.compile("(?im)^\\s*Valid EPs:\\s*(.+)$");
    private static final Pattern STATE = Pattern.compile("(?im)^\\s*State\\b[\\s:]+(\\w+)");
    private static final Pattern CACHE_PATH = Pattern.compile("(?im)Cache directory path:\\s*(.+?)\\s*$");
    private static final Pattern VERSION = Pattern.compile("\\b(\\d+\\.\\d+(?:\\.\\d+)?(?:[-+][0-9A-Za-z.+-]*)?)");

    private CliOutput() {
    }

    /** Reads the output of {@code service status} or {@code server status}. */
    static ServiceStatus status(CommandResult r) {
        String text = r.stdout();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("unrecognized command") || lower.contains("unknown command")) {
            return new ServiceStatus(ServiceStatus.State.UNRECOGNIZED, null, null, List.of(), text);
        }
        OptionalLong pid = pid(text);
        Matcher url = URL.matcher(text);
        if (url.find()) {
            String base = url.group();
            if (lower.contains("request to local service failed") || base.endsWith(":0")) {
                return new ServiceStatus(ServiceStatus.State.BROKEN, base, pid, List.of(), text);
            }
            Matcher state = STATE.matcher(text);
            if (state.find() && isStopped(state.group(1))) {
                return new ServiceStatus(ServiceStatus.State.STOPPED, null, pid, List.of(), text);
            }
            return new ServiceStatus(ServiceStatus.State.RUNNING, base, pid, validEps(text), text);
        }
        Matcher state = STATE.matcher(text);
        if (lower.contains("not running") || lower.contains("is stopped") || (state.find() && isStopped(state.group(1)))) {
            return new ServiceStatus(ServiceStatus.State.STOPPED, null, OptionalLong.empty(), List.of(), text);
        }
        if (!r.ok()) {
            // a CLI that rejects the verb may say so only on stderr, which is not captured: its exit code tells
            return new ServiceStatus(r.failure() == null ? ServiceStatus.State.UNRECOGNIZED : ServiceStatus.State.UNKNOWN,
                    null, null, List.of(), text.isBlank() ? r.problem() : text);
        }
        return new ServiceStatus(ServiceStatus.State.UNKNOWN, null, null, List.of(), text);
    }

    private static boolean isStopped(String state) {
        String s = state.toLowerCase(Locale.ROOT);
        return s.startsWith("stop") || s.equals("notrunning") || s.equals("exited") || s.equals("down");
    }

    /** The {@code http://host:port} a {@code start} output names ("Service is Started on …", "Server ready (…)"). */
    static Optional<String> firstUrl(String text) {
        Matcher m = URL.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    static OptionalLong pid(String text) {
        Matcher m = PID.matcher(text);
        if (m.find()) {
            String digits = m.group(1) != null ? m.group(1) : m.group(2);
            try {
                return OptionalLong.of(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    static List<String> validEps(String text) {
        Matcher m = VALID_EPS.matcher(text);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            for (String ep : m.group(1).split(",")) {
                if (!ep.isBlank()) {
                    out.add(ep.strip());
                }
            }
        }
        return out;
    }

    /** {@code foundry cache location}: the path after "Cache directory path:", else the last non-blank line. */
    static Optional<String> cacheLocation(String text) {
        Matcher m = CACHE_PATH.matcher(text);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        String last = null;
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last != null && (last.startsWith("/") || last.startsWith("~") || last.matches("^[A-Za-z]:\\\\.*"))
                ? Optional.of(last) : Optional.empty();
    }

    /** {@code foundry --version}: the first version-looking token ("0.8.119+a1b2c3"); empty when none. */
    static Optional<String> version(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
