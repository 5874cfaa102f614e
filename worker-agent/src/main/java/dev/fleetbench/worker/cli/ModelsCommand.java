package dev.fleetbench.worker.cli;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.ExecutionProviders;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.app.Engines;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.engine.foundry.CacheReport;
import dev.fleetbench.worker.engine.foundry.FoundryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fleetbench models}: the engine's catalog and what is cached, like {@code foundry model list} and {@code foundry cache list}. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models the engine can run here, and which are cached or loaded.")
final class ModelsCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--json", description = "Print the catalog as JSON")
    boolean json;

    /** One line of the listing. */
    record Row(ModelVariant variant, boolean cached, long cachedBytes, boolean loaded) {
    }

    @Override
    public Integer call() throws EngineException {
        try (InferenceEngine engine = Engines.create(engineOptions.settings())) {
            Map<String, Long> cached = engine.cached().stream()
                    .collect(Collectors.toMap(c -> c.id().toLowerCase(Locale.ROOT), CachedModel::bytes, (a, b) -> a));
            Set<String> loaded = engine.loaded().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            List<Row> rows = new ArrayList<>();
            for (ModelVariant v : engine.catalog()) {
                String key = v.id().toLowerCase(Locale.ROOT);
                rows.add(new Row(v, cached.containsKey(key), cached.getOrDefault(key, 0L), loaded.contains(key)));
            }
            System.out.print(json ? Json.writePretty(rows) : render(rows, engine.info().kind() + " " + engine.info().version()));
            if (!json && engine instanceof FoundryEngine foundry) {
                System.out.print(cacheLine(foundry.cacheReport()));
            }
            if (!json && engine instanceof EmbeddedEngine embedded) {
                embedded.catalogProblems().forEach(p -> System.out.println("note: " + p));
            }
            return 0;
        }
    }

    static String render(List<Row> rows, String engine) {
        StringBuilder out = new StringBuilder("Engine: " + engine + "\n\n");
        String format = "%-28s %-40s %-6s %-30s %-24s %10s %10s %-8s %-6s%n";
        out.append(String.format(Locale.ROOT, format, "Alias", "Model ID", "Device", "Execution provider", "Runs on",
                "Size", "Params", "Type", "Cached"));
        for (Row r : rows) {
            ModelVariant v = r.variant();
            out.append(String.format(Locale.ROOT, format, v.alias(), v.id(), v.deviceType(),
                    v.executionProvider() == null ? "-" : v.executionProvider(),
                    ExecutionProviders.label(v.executionProvider()), size(v.fileSizeBytes()),
                    params(v.parameterCount()), v.quantization() == null ? "-" : v.quantization(),
                    r.cached() ? (r.loaded() ? "loaded" : "yes") : "no"));
        }
        if (rows.isEmpty()) {
            out.append("(no models: the engine's catalog is empty)\n");
        }
        return out.toString();
    }

    /** Where Foundry Local keeps its models and how much of the disk they use. */
    static String cacheLine(CacheReport c) {
        return "\nCache: " + (c.location() == null ? "location unknown" : c.location()) + " — "
                + c.models().size() + " cached model(s)"
                + (c.usedBytes() >= 0 ? ", " + size(Math.max(1, c.usedBytes())) + " used" : "")
                + (c.freeBytes() >= 0 ? ", " + size(c.freeBytes()) + " free on that disk" : "") + "\n";
    }

    static String size(long bytes) {
        if (bytes <= 0) {
            return "-";
        }
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String params(long n) {
        if (n <= 0) {
            return "-";
        }
        return n >= 1e9 ? String.format(Locale.ROOT, "%.1fB", n / 1e9)
                : n >= 1e6 ? String.format(Locale.ROOT, "%.1fM", n / 1e6) : String.format(Locale.ROOT, "%.0fK", n / 1e3);
    }
}
