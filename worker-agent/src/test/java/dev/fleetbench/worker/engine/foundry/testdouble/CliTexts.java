package dev.fleetbench.worker.engine.foundry.testdouble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * What the real {@code foundry} CLI prints (spec §1), for the fake executable. Legacy CLI (0.8.x): emoji status
 * lines, {@code service …} verbs, the legacy {@code model list} table with continuation rows, {@code 💾 Cache
 * directory path: …}. Current CLI (0.10.x): {@code service} rejected with "Unrecognized command or argument
 * 'service'" (stderr, exit 1), {@code server status} with {@code State}/{@code PID}/{@code Web URLs} lines, the new
 * table with EP and Cached columns, {@code model info -o json}, {@code model download}. Texts the spec marks
 * UNVERIFIED (stop, remove, the new CLI's exact spacing) are plausible, not captured.
 */
final class CliTexts {

    record Answer(String out, String err, int code) {
        static Answer ok(String out) {
            return new Answer(out, "", 0);
        }
    }

    private static final Object STARTING = new Object();
    private final FoundryDouble d;

    CliTexts(FoundryDouble d) {
        this.d = d;
    }

    Answer answer(List<String> args) throws IOException {
        String a0 = args.isEmpty() ? "" : args.get(0);
        String a1 = args.size() > 1 ? args.get(1) : "";
        boolean legacy = d.cli() == FoundryDouble.Cli.LEGACY;
        if (a0.equals("--version")) {
            return Answer.ok(legacy ? "0.8.119+9b4be4ed38\n" : "0.10.3+f1c2d3e4\n");
        }
        if (a0.equals(legacy ? "server" : "service")) {
            return new Answer("Description:\n  Foundry Local CLI\n\nUsage:\n  foundry [command] [options]\n",
                    "Unrecognized command or argument '" + a0 + "'.\n", 1);
        }
        if (a0.equals("service") || a0.equals("server")) {
            return switch (a1) {
                case "status" -> Answer.ok(status(legacy));
                case "start" -> Answer.ok(start(legacy));
                case "stop" -> {
                    d.stopService();
                    yield Answer.ok(legacy ? "🔴 Service is stopped.\n" : "● success: Server stopped\n");
                }
                case "restart" -> {
                    d.stopService();
                    yield Answer.ok((legacy ? "🔴 Service is stopped.\n" : "") + start(legacy));
                }
                case "ps" -> Answer.ok(ps());
                default -> new Answer("", "Unrecognized command or argument '" + a1 + "'.\n", 1);
            };
        }
        if (a0.equals("status") && !legacy) {
            return Answer.ok(systemStatus());
        }
        if (a0.equals("model")) {
            return model(a1, args, legacy);
        }
        if (a0.equals("cache")) {
            return cache(a1, args, legacy);
        }
        return new Answer("", "Unrecognized command or argument '" + a0 + "'.\n", 1);
    }

    private String status(boolean legacy) {
        if (d.running()) {
            return legacy
                    ? "🟢 Model management service is running on " + d.baseUrl() + "/openai/status\n"
                    + "EP autoregistration status: Successfully downloaded and registered the following EPs: .\n"
                    + "Valid EPs: CPUExecutionProvider, WebGpuExecutionProvider\n"
                    : "State      Running\nPID        " + ProcessHandle.current().pid() + "\nStarted    2026-08-01 10:00:00\n"
                    + "Uptime     00:00:12\nWeb URLs   " + d.baseUrl() + "\nLogs       " + d.cacheDir() + "/../logs\n";
        }
        if (d.crashed()) {
            return legacy
                    ? "Exception: Request to local service failed. Uri:http://127.0.0.1:" + d.lastPort() + "/openai/status\n"
                    + "No connection could be made because the target machine actively refused it.\n"
                    : "State      Stopped\n";
        }
        return legacy ? "🔴 Model management service is not running!\n"
                + "To start the service, run the following command: foundry service start\n"
                : "State      Stopped\n";
    }

    /** Blocks for the double's start delay, as a slow first start does, then starts it. */
    private String start(boolean legacy) throws IOException {
        synchronized (STARTING) {
            if (d.running()) {
                return legacy ? "🟢 Service is already running on " + d.baseUrl() + "/.\n"
                        : "● success: Server ready (" + d.baseUrl() + ")\n";
            }
            try {
                Thread.sleep(d.startDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted\n"; // the double is closing
            }
            d.startService();
            return legacy ? "🟢 Service is Started on " + d.baseUrl() + "/, PID " + ProcessHandle.current().pid() + "!\n"
                    : "● success: Server ready (" + d.baseUrl() + ")\n";
        }
    }

    /** CLI 0.10 {@code foundry status} (#1003 lists its contents; this layout is plausible, not captured). */
    private String systemStatus() {
        StringBuilder sb = new StringBuilder("System\n  OS                Linux\n  RAM               32 GB\n\nService\n  State"
                + "             " + (d.running() ? "Running" : "Stopped") + "\n  Web URLs          "
                + (d.running() ? d.baseUrl() : "-") + "\n\nVersions\n  Foundry Local CLI 0.10.3\n  Core              1.0.0\n"
                + "  ONNX Runtime      1.23.0\n\nExecution providers\n");
        d.epVersions.forEach((ep, v) -> sb.append(String.format(Locale.ROOT, "  %-28s %s%n", ep, v)));
        return sb.toString();
    }

    private String ps() {
        List<String> loaded = d.loadedIds();
        if (loaded.isEmpty()) {
            return "No models are currently loaded in the service\n";
        }
        StringBuilder sb = new StringBuilder("Models running in service:\n    Alias                          Model ID\n");
        for (String id : loaded) {
            sb.append(String.format(Locale.ROOT, "🟢  %-30s %s%n", d.variant(id).alias(), id));
        }
        return sb.toString();
    }

    private Answer model(String verb, List<String> args, boolean legacy) throws IOException {
        String m = args.size() > 2 ? args.get(2) : "";
        switch (verb) {
            case "list" -> {
                return Answer.ok(legacy ? legacyTable() : currentTable());
            }
            case "info" -> {
                DoubleVariant v = d.variant(m);
                if (v == null) {
                    return new Answer("", "Model " + m + " not found\n", 1);
                }
                return Answer.ok(args.contains("json") ? v.modelInfoJson(d.isCached(v.id())).toPrettyString() + "\n"
                        : "Model: " + v.id() + "\nAlias: " + v.alias() + "\n");
            }
            case "download" -> {
                DoubleVariant v = d.variant(m);
                if (v == null) {
                    return new Answer("", "Model " + m + " not found in the catalog\n", 1);
                }
                if (d.quirks.failDownload) {
                    return new Answer("Downloading " + v.id() + "...\n  0.0%\n 40.0%\n", "Download failed: connection reset\n", 1);
                }
                d.markCached(v.id());
                return Answer.ok("Downloading " + v.id() + "...\r  0.0%\r 50.0%\r100.0%\n● success: Model " + v.id()
                        + " downloaded\n");
            }
            default -> {
                return new Answer("", "Unrecognized command or argument '" + verb + "'.\n", 1);
            }
        }
    }

    private Answer cache(String verb, List<String> args, boolean legacy) throws IOException {
        switch (verb) {
            case "location" -> {
                return Answer.ok(legacy ? "💾 Cache directory path: " + d.cacheDir() + "\n" : d.cacheDir() + "\n");
            }
            case "list", "ls" -> {
                StringBuilder sb = new StringBuilder("💾 Cache directory path: " + d.cacheDir() + "\n"
                        + "Models cached on device:\n   Alias                          Model ID\n");
                for (String id : d.cachedIds()) {
                    sb.append(String.format(Locale.ROOT, "💾 %-30s %s%n", d.variant(id).alias(), id));
                }
                return Answer.ok(sb.toString());
            }
            case "remove" -> {
                String m = args.size() > 2 ? args.get(2) : "";
                if (!args.contains("--yes") && !args.contains("-y")) {
                    return new Answer("Are you sure you want to delete " + m + "? (y/N) ", "", 1);
                }
                DoubleVariant v = d.variant(m);
                if (v == null || !d.isCached(v.id())) {
                    return Answer.ok("Model " + m + " was not found in the cache.\n");
                }
                d.uncache(v.id());
                return Answer.ok("✅ Model " + v.id() + " was deleted from the cache.\n");
            }
            default -> {
                return new Answer("", "Unrecognized command or argument '" + verb + "'.\n", 1);
            }
        }
    }

    private String legacyTable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-30s %-10s %-18s %-12s %-12s %s%n",
                "Alias", "Device", "Task", "File Size", "License", "Model ID"));
        sb.append("-".repeat(120)).append('\n');
        String last = null;
        for (DoubleVariant v : d.catalog()) {
            sb.append(String.format(Locale.ROOT, "%-30s %-10s %-18s %-12s %-12s %s%n",
                    v.alias().equals(last) ? "" : v.alias(), v.device(), "chat-completion", gb(v.fileSizeMb()), "MIT", v.id()));
            last = v.alias();
        }
        return sb.toString();
    }

    private String currentTable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-40s %-6s %-7s %-28s %-10s %s%n",
                "Alias", "Model ID", "Type", "Device", "EP", "Size", "Cached"));
        for (DoubleVariant v : d.catalog()) {
            sb.append(String.format(Locale.ROOT, "%-20s %-40s %-6s %-7s %-28s %-10s %s%n", v.alias(), v.id(), "Chat",
                    v.device(), v.ep(), gb(v.fileSizeMb()), d.isCached(v.id()) ? "yes" : "no"));
        }
        return sb.toString();
    }

    private static String gb(long mb) {
        return String.format(Locale.ROOT, "%.2f GB", mb / 1000.0);
    }

    static ArrayNode array(List<String> items) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        items.forEach(a::add);
        return a;
    }
}
