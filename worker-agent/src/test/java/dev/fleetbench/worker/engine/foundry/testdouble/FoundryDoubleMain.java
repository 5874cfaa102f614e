package dev.fleetbench.worker.engine.foundry.testdouble;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The double as a process of its own, as the real Foundry Local service is one: multi-process tests start it from
 * the test classpath, point a real worker at it with {@code --engine foundry --endpoint URL}, and the worker reads the
 * CPU time of this process (the one listening on the port) as it does the real service's. Runs until killed.
 *
 * <pre>
 * FoundryDoubleMain --api G2 --dir DIR --port-file FILE --variants ID,ID,… [--cached ID,…]
 *                   [--interval ID=MS,…] [--busy ID=MS,…]
 * </pre>
 * {@code --variants} keeps those entries of {@link DoubleCatalog#standard()} in its order; {@code --cached} puts
 * variants in the cache (a G2/G3 service without a CLI cannot download); {@code --interval} paces a variant's tokens
 * ({@link Quirks#tokenIntervalMs}); {@code --busy} burns CPU per token ({@link Quirks#busyMsPerToken}). The port is
 * written to the port file once the service listens. The fake {@code foundry} CLI is {@code DIR/bin/foundry}: a worker
 * needs it ({@code FLEETBENCH_FOUNDRY_CLI}) for the catalog with aliases and the cache, as with the real service.
 */
public final class FoundryDoubleMain {

    private FoundryDoubleMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        FoundryDouble.Api api = FoundryDouble.Api.valueOf(require(o, "--api").toUpperCase(Locale.ROOT));
        Path dir = Files.createDirectories(Path.of(require(o, "--dir")));
        Path portFile = Path.of(require(o, "--port-file"));
        List<DoubleVariant> catalog = new ArrayList<>();
        for (String id : list(require(o, "--variants"))) {
            catalog.add(DoubleCatalog.standard().stream().filter(v -> v.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--variants: '" + id + "' is not in the double's"
                            + " standard catalog")));
        }
        FoundryDouble d = FoundryDouble.create(api, FoundryDouble.Cli.CURRENT, catalog, dir);
        for (String id : list(o.getOrDefault("--cached", ""))) {
            if (d.variant(id) == null) {
                throw new IllegalArgumentException("--cached: '" + id + "' is not among --variants");
            }
            d.markCached(id);
        }
        perVariant(o.get("--interval"), "--interval").forEach(d.quirks.tokenIntervalMs::put);
        perVariant(o.get("--busy"), "--busy").forEach(d.quirks.busyMsPerToken::put);
        d.startService();
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(d.port()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Foundry Local double (" + api + ") listening on " + d.baseUrl());
        Thread.currentThread().join();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            out.put(args[i], args[i + 1]);
        }
        return out;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static List<String> list(String s) {
        return s.isBlank() ? List.of() : List.of(s.split(","));
    }

    /** "ID=MS,ID=MS" → lower-case id → ms. */
    private static Map<String, Long> perVariant(String s, String name) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String pair : list(s == null ? "" : s)) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(name + ": expected ID=MS, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), Long.parseLong(pair.substring(eq + 1)));
        }
        return out;
    }
}
