package dev.fleetbench.worker.engine.foundry.testdouble;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A protocol-faithful Foundry Local for tests: a real HTTP server on {@code 127.0.0.1:0} (a new port at every start,
 * as the real service), speaking G1 (legacy service), G2 (Core 1.x) or G3 (runtime 2.x) routes and JSON shapes
 * (spec §3, §4), with the catalog ⊇ cached ⊇ loaded state machine, the streamed download, the chat quirks of
 * {@link Quirks}, requests served one at a time (#637), and the embedded llama.cpp engine behind the chat route so
 * that real tokens flow. A fake {@code foundry} executable ({@link FakeFoundryCli}) drives its lifecycle as the
 * real CLI drives the real service.
 */
public final class FoundryDouble implements AutoCloseable {

    /** Which server generation answers. */
    public enum Api { G1, G2, G3 }

    /** Which CLI generation the fake {@code foundry} imitates. */
    public enum Cli { LEGACY, CURRENT }

    private final Api api;
    private final Cli cli;
    private final List<DoubleVariant> catalog;
    private final Path dir;
    private final Path cacheDir;
    private final Set<String> cached = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> loaded = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "foundry-double");
        t.setDaemon(true);
        return t;
    });
    private final DoubleBackend backend;
    private final FakeFoundryCli fakeCli;
    public final Quirks quirks;
    /**
     * Versions of the registered execution providers that the current CLI's {@code foundry status} prints; tests
     * change one between two runs as a plug-in EP's self-update does.
     */
    public final java.util.Map<String, String> epVersions = new java.util.concurrent.ConcurrentSkipListMap<>(
            java.util.Map.of("CPUExecutionProvider", "1.23.0", "VitisAIExecutionProvider", "1.4.2",
                    "WebGpuExecutionProvider", "1.23.0"));
    private volatile HttpServer server;
    private volatile int port;
    private volatile int lastPort = -1;
    private volatile boolean crashed;
    private volatile Duration startDelay = Duration.ZERO;
    private volatile int starts;

    private FoundryDouble(Api api, Cli cli, List<DoubleVariant> catalog, Path dir) throws IOException {
        this.api = api;
        this.cli = cli;
        this.catalog = List.copyOf(catalog);
        this.dir = dir;
        this.cacheDir = Files.createDirectories(dir.resolve("cache/models"));
        this.quirks = api == Api.G1 ? Quirks.legacy() : Quirks.current();
        this.backend = new DoubleBackend(dir.resolve("gguf"));
        this.fakeCli = new FakeFoundryCli(this, Files.createDirectories(dir.resolve("bin")),
                Files.createDirectories(dir.resolve("rpc")));
    }

    /** A stopped double with the standard catalog; {@link #startService()} or {@code foundry service start} starts it. */
    public static FoundryDouble create(Api api, Cli cli, Path dir) throws IOException {
        return create(api, cli, DoubleCatalog.standard(), dir);
    }

    public static FoundryDouble create(Api api, Cli cli, List<DoubleVariant> catalog, Path dir) throws IOException {
        return new FoundryDouble(api, cli, catalog, dir);
    }

    public Api api() {
        return api;
    }

    public Cli cli() {
        return cli;
    }

    public List<DoubleVariant> catalog() {
        return catalog;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The folder holding the fake {@code foundry}: put it first on {@code PATH}. */
    public Path binDir() {
        return fakeCli.binDir();
    }

    public Path cliExecutable() {
        return fakeCli.executable();
    }

    DoubleBackend backend() {
        return backend;
    }

    ExecutorService pool() {
        return pool;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    public synchronized boolean running() {
        return server != null;
    }

    public synchronized boolean crashed() {
        return crashed;
    }

    public int port() {
        return port;
    }

    /** The port before the last stop or crash; -1 when none. */
    public int lastPort() {
        return lastPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** How many times the service has been started. */
    public int starts() {
        return starts;
    }

    /** How long {@code foundry service start} takes until the service listens (a slow first start). */
    public void startDelay(Duration d) {
        this.startDelay = d;
    }

    Duration startDelay() {
        return startDelay;
    }

    /** Starts listening on a new port at once (nothing loaded, as after any start). */
    public synchronized void startService() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s;
        do {
            s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            if (s.getAddress().getPort() == lastPort) {
                HttpServer again = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
                s.stop(0);
                s = again;
            }
        } while (s.getAddress().getPort() == lastPort);
        s.createContext("/", new DoubleRoutes(this));
        s.setExecutor(pool);
        s.start();
        server = s;
        port = s.getAddress().getPort();
        crashed = false;
        loaded.clear();
        starts++;
    }

    /** Stops as {@code foundry service stop} does: connections dropped, models unloaded, the port closed. */
    public synchronized void stopService() {
        HttpServer s = server;
        server = null;
        if (s != null) {
            lastPort = port;
            s.stop(0);
        }
        loaded.clear();
    }

    /** Dies: like a stop, but the CLI's status then reports that its request to the service failed (#286). */
    public synchronized void crash() {
        stopService();
        crashed = true;
    }

    /** Restarts on a new port (what the port-change test needs between two calls). */
    public synchronized void restartOnNewPort() throws IOException {
        stopService();
        startService();
    }

    // ---- state -----------------------------------------------------------------------------------------------

    public DoubleVariant variant(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        return catalog.stream().filter(v -> v.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * G3's {@code Model::SelectDefaultVariant} ({@code sdk_v2/cpp/src/model.cc}): the alias's first cached variant in
     * best-first order (the catalog's order), else its first variant; null when no alias matches exactly (the real
     * service's alias index is an exact-match map). The real service selects when it populates its catalog; the
     * double selects on every call, as a service started after the cache last changed would.
     */
    public DoubleVariant selectedVariant(String alias) {
        List<DoubleVariant> variants = catalog.stream().filter(v -> v.alias().equals(alias)).toList();
        if (variants.isEmpty()) {
            return null;
        }
        return variants.stream().filter(v -> isCached(v.id())).findFirst().orElse(variants.get(0));
    }

    public boolean isCached(String id) {
        return cached.contains(id.toLowerCase(Locale.ROOT));
    }

    /** Puts a variant in the cache as a finished download would (with a file, so that it uses disk). */
    public void markCached(String id) throws IOException {
        DoubleVariant v = variant(id);
        Path folder = Files.createDirectories(cacheDir.resolve("Microsoft").resolve(v.id().replace(':', '-')));
        Files.write(folder.resolve("model.onnx"), new byte[64 * 1024]);
        cached.add(v.key());
    }

    public void uncache(String id) throws IOException {
        DoubleVariant v = variant(id);
        if (v != null && cached.remove(v.key())) {
            Path folder = cacheDir.resolve("Microsoft").resolve(v.id().replace(':', '-'));
            Files.deleteIfExists(folder.resolve("model.onnx"));
            Files.deleteIfExists(folder);
        }
    }

    public List<String> cachedIds() {
        List<String> out = new ArrayList<>();
        for (DoubleVariant v : catalog) {
            if (isCached(v.id())) {
                out.add(v.id());
            }
        }
        return out;
    }

    public List<String> loadedIds() {
        return List.copyOf(loaded);
    }

    void load(DoubleVariant v) {
        if (!loaded.contains(v.id())) {
            loaded.add(v.id());
        }
    }

    boolean unload(DoubleVariant v) {
        return loaded.remove(v.id());
    }

    void unloadAll() {
        loaded.clear();
    }

    /** Every request as {@code "GET /openai/load/x?ttl=600"}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    void log(String request) {
        requests.add(request);
    }

    /** Every command the fake CLI ran, as its argument list joined by spaces. */
    public List<String> cliCalls() {
        return fakeCli.calls();
    }

    @Override
    public void close() {
        stopService();
        fakeCli.close();
        backend.close();
        pool.shutdownNow();
    }
}
