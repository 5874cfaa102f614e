package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ExecutionProviders;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.DownloadListener;
import dev.fleetbench.worker.engine.DownloadResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.EngineInfo;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.hardware.CommandResult;
import dev.fleetbench.worker.hardware.CommandRunner;
import dev.fleetbench.worker.hardware.ListeningProcess;
import dev.fleetbench.worker.hardware.ProcessCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Microsoft Foundry Local as an {@link InferenceEngine}, both API generations (spec §0): found through the
 * {@code foundry} CLI on {@code PATH} (or an explicit endpoint), driven as its own SDKs drive it, and more patient
 * and self-healing where they are known to fail. Catalog, cache and lifecycle: {@link Management}; discovery:
 * {@link Discovery}; healing: {@link ServiceSession}; alias resolution: {@link VariantResolver}; chat: the
 * OpenAI-compatible engine (its chunk decoder tolerates the legacy quirks) with Foundry's token-count route.
 *
 * <p>One model at a time: {@link #load} unloads every other loaded model first. Methods are synchronized where
 * they change the service's state; the SPI has one caller at a time anyway.
 */
public final class FoundryEngine implements InferenceEngine {

    private final FoundryConfig config;
    private final Supplier<HardwareProfile> profile;
    private final EventLog events = new EventLog();
    private final ServiceSession session;
    private final Discovery discovery;
    private final CacheOps cache;
    private final Map<String, CatalogEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> epOverrides = new ConcurrentHashMap<>();
    private volatile List<CatalogEntry> catalogOrder = List.of();
    private volatile ModelVariant loadedVariant;
    private volatile String cliVersion;
    private volatile VariantChoice lastChoice;

    /** The engine for this machine: the real {@code foundry} CLI, the real clock. */
    public static FoundryEngine create(FoundryConfig config, Supplier<HardwareProfile> profile) {
        return new FoundryEngine(config, new ProcessCommandRunner(), profile, d -> Thread.sleep(d.toMillis()));
    }

    FoundryEngine(FoundryConfig config, CommandRunner runner, Supplier<HardwareProfile> profile,
                  Discovery.Sleeper sleeper) {
        this.config = config;
        this.profile = profile;
        Optional<Path> exe = CliLocator.locate(config.cliOverride(), config.searchPath(), config.windows());
        FoundryCli cli = exe.map(p -> new FoundryCli(runner, p, config.callTimeout())).orElse(null);
        String problem = config.cliOverride() != null ? config.cliOverride() + " (" + FoundryConfig.CLI_ENV
                + ") is not a file" : "no 'foundry' in " + (config.searchPath() == null ? "an empty PATH"
                : "PATH=" + CatalogJson.excerpt(config.searchPath()));
        FoundryHttp http = new FoundryHttp(Duration.ofSeconds(5));
        this.discovery = new Discovery(config, cli, problem, http, sleeper, System::nanoTime);
        this.session = new ServiceSession(config, http, discovery, events);
        this.cache = new CacheOps(session, cli, events);
        session.afterHeal(m -> {
            ModelVariant v = loadedVariant;
            if (v != null) {
                VariantLoader.load(m, entry(v.id()), epOverrides.get(key(v.id())), List.copyOf(catalogOrder),
                        this::cachedIds);
                events.add("reloaded " + v.id() + " after the service came back");
            }
        });
    }

    public FoundryConfig config() {
        return config;
    }

    /** The generation that answers (discovers the service when needed). */
    public Generation generation() throws EngineException {
        return session.endpoint().generation();
    }

    /** Kind "foundry"; version "Foundry Local CLI 0.8.119 (legacy service)"; the service URL. Never throws. */
    @Override
    public EngineInfo info() {
        Discovery.Endpoint ep;
        try {
            ep = session.endpoint();
        } catch (EngineException e) {
            return new EngineInfo("foundry", null, null);
        }
        if (cliVersion == null && discovery.cli() != null) {
            CommandResult r = discovery.cli().run("--version");
            cliVersion = r.ok() ? CliOutput.version(r.stdout()).orElse("") : "";
        }
        String cli = cliVersion == null || cliVersion.isEmpty() ? "" : "CLI " + cliVersion + " ";
        return new EngineInfo("foundry", "Foundry Local " + cli + "(" + ep.generation().words() + ")", ep.baseUrl());
    }

    @Override
    public List<ModelVariant> catalog() throws EngineException {
        return entries().stream().map(CatalogEntry::toVariant).toList();
    }

    /** The catalog as the service orders it, remembered for downloads and EP overrides. */
    List<CatalogEntry> entries() throws EngineException {
        List<CatalogEntry> list = session.call(Management::catalog);
        boolean cuda = list.stream().anyMatch(e -> CatalogEntry.CUDA_EP.equals(e.executionProvider()));
        entries.clear();
        epOverrides.clear();
        catalogOrder = List.copyOf(list);
        for (CatalogEntry e : list) {
            entries.put(key(e.id()), e);
            String ep = VariantResolver.override(e, cuda);
            if (ep != null) {
                epOverrides.put(key(e.id()), ep);
            }
        }
        return list;
    }

    @Override
    public List<CachedModel> cached() throws EngineException {
        return cache.cached(entries());
    }

    /** The cache folder, its disk use and the cached models. */
    public CacheReport cacheReport() throws EngineException {
        return cache.report(entries());
    }

    /** {@code ps}: the variants loaded right now. */
    @Override
    public List<String> loaded() throws EngineException {
        return session.call(Management::loadedIds);
    }

    @Override
    public synchronized DownloadResult download(ModelVariant variant, DownloadListener listener)
            throws EngineException {
        String id = ModelIds.require(variant.id());
        if (cached().stream().anyMatch(c -> c.id().equalsIgnoreCase(id))) {
            listener.onProgress(100, "");
            return new DownloadResult(true, null);
        }
        CatalogEntry entry = entry(id);
        session.call(m -> {
            m.download(entry, listener);
            return null;
        });
        events.add("downloaded " + id + " into the Foundry Local cache");
        Long bytes = cached().stream().filter(c -> c.id().equalsIgnoreCase(id)).map(CachedModel::bytes)
                .filter(b -> b > 0).findFirst().orElse(null);
        return new DownloadResult(false, bytes);
    }

    /**
     * Loads with the configured TTL (and {@code ep=cuda} where the SDKs send it), after unloading every other model,
     * so that the wanted variant is the one that runs ({@link VariantLoader}: by id, by alias on 2.x, confirmed with
     * the service's list of loaded models; another variant loaded is {@link FailureCode#WRONG_VARIANT}).
     */
    @Override
    public synchronized void load(ModelVariant variant) throws EngineException {
        String id = ModelIds.require(variant.id());
        CatalogEntry wanted = entry(id);
        List<CatalogEntry> order = List.copyOf(catalogOrder);
        for (String other : loaded()) {
            if (!other.equalsIgnoreCase(id)) {
                session.call(m -> {
                    unloadOne(m, other, order);
                    return null;
                });
                events.add("unloaded " + other + " before loading " + id + " (one model at a time)");
            }
        }
        session.call(m -> {
            VariantLoader.load(m, wanted, epOverrides.get(key(id)), order, this::cachedIds);
            return null;
        });
        loadedVariant = variant;
    }

    @Override
    public synchronized void unload(ModelVariant variant) throws EngineException {
        String id = ModelIds.require(variant.id());
        if (loaded().stream().anyMatch(id::equalsIgnoreCase)) {
            List<CatalogEntry> order = List.copyOf(catalogOrder);
            session.call(m -> {
                unloadOne(m, id, order);
                return null;
            });
        }
        if (loadedVariant != null && loadedVariant.id().equalsIgnoreCase(id)) {
            loadedVariant = null;
        }
    }

    /** By id; on 2.x by alias (G3 knows only aliases there; G2 when it answers 404 to the id). */
    private static void unloadOne(Management m, String id, List<CatalogEntry> order) throws EngineException {
        if (m.generation() == Generation.G3 || !m.tryUnload(id) && m.generation() == Generation.G2) {
            m.tryUnload(VariantLoader.aliasOf(order, id));
        }
    }

    private List<String> cachedIds() throws EngineException {
        return cached().stream().map(CachedModel::id).toList();
    }

    /** {@code foundry cache remove}: frees the disk a variant uses (a campaign removes what it downloaded). */
    @Override
    public synchronized void remove(ModelVariant variant) throws EngineException {
        cache.remove(ModelIds.require(variant.id()));
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException {
        ModelIds.require(request.model());
        return new HealingChat(session, events).run(request, listener);
    }

    /** Spec §5.2 over the service's order; the hardware profile is checked and the choice recorded as an event. */
    @Override
    public ModelVariant resolve(String aliasOrId, DeviceType device) throws EngineException {
        ModelIds.require(aliasOrId);
        List<CatalogEntry> list = entries();
        VariantResolver.Match match = VariantResolver.resolve(list, aliasOrId, device, config.windows())
                .orElseThrow(() -> notFound(list, aliasOrId, device));
        if (device != null && match.entry().deviceType() != device) {
            throw new EngineException(FailureCode.INVALID_INPUT, "'" + aliasOrId + "' is the " + match.entry()
                    .deviceType() + " variant " + match.entry().id() + ", not a " + device + " variant; give the alias"
                    + " to let --device choose");
        }
        HardwareProfile hw = profileOrNull();
        VariantChoice choice = new VariantChoice(aliasOrId, device, match.entry(), match.rule(), match.epOverride(),
                HardwareMatch.summary(hw), HardwareMatch.shows(hw, match.entry().deviceType()));
        lastChoice = choice;
        events.add(choice.describe());
        return match.entry().toVariant();
    }

    /** The last resolution, with its rule and hardware check; null before any. */
    public VariantChoice lastChoice() {
        return lastChoice;
    }

    private EngineException notFound(List<CatalogEntry> list, String input, DeviceType device) {
        List<DeviceType> has = VariantResolver.devicesOf(list, input);
        if (device != null && !has.isEmpty()) {
            return new EngineException(FailureCode.MODEL_NOT_FOUND, "Foundry Local has no " + device + " variant of '"
                    + input + "' on this machine (it has: " + has + "); variants vanish from the catalog when their"
                    + " execution provider is not available here (e.g. the NPU's EP failed to install)");
        }
        String aliases = list.stream().map(CatalogEntry::alias).distinct().limit(15)
                .reduce((a, b) -> a + ", " + b).orElse("none");
        return new EngineException(FailureCode.MODEL_NOT_FOUND, "Model '" + input + "' is not in the Foundry Local"
                + " catalog of this machine; aliases here: " + aliases);
    }

    private CatalogEntry entry(String id) throws EngineException {
        CatalogEntry e = entries.get(key(id));
        if (e == null) {
            entries();
            e = entries.get(key(id));
        }
        if (e == null) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, id + " is not in the Foundry Local catalog");
        }
        return e;
    }

    private HardwareProfile profileOrNull() {
        try {
            return profile == null ? null : profile.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code foundry.api} (which generation answers), {@code foundry.version} (the CLI's), {@code ep.name} and
     * {@code ep.key}, {@code variant.version} (the number after the id's {@code :}), and from {@code foundry status}
     * (CLI 0.10+) {@code foundry.core}, {@code ort.version} and {@code ep.version} where it prints them. Read for every
     * lease: plug-in execution providers update themselves between two runs on an untouched machine.
     */
    @Override
    public Map<String, String> fingerprintSettings(ModelVariant variant) {
        Map<String, String> out = new TreeMap<>();
        info(); // learns the CLI version once
        Discovery.Endpoint ep = session.known();
        if (ep != null) {
            out.put("foundry.api", ep.generation().words());
        }
        if (cliVersion != null && !cliVersion.isEmpty()) {
            out.put("foundry.version", cliVersion);
        }
        if (variant.executionProvider() != null) {
            out.put("ep.name", variant.executionProvider());
            out.put("ep.key", ExecutionProviders.of(variant.executionProvider()).key());
        }
        int version = ModelIds.version(variant.id());
        if (version >= 0) {
            out.put("variant.version", Integer.toString(version));
        }
        if (discovery.cli() != null && ep != null && ep.generation() != Generation.G1) {
            CommandResult r = discovery.cli().run("status");
            if (r.ok()) {
                out.putAll(StatusVersions.settings(r.stdout(), variant.executionProvider()));
            }
        }
        return out;
    }

    /** Foundry Local reports no device over HTTP: the loaded variant's catalog runtime, its id confirmed as loaded. */
    @Override
    public String deviceSource() {
        return "catalog runtime of the variant confirmed loaded by the service's loaded-models list";
    }

    @Override
    public OptionalLong engineProcessId() {
        Discovery.Endpoint ep = session.known();
        if (ep == null) {
            return OptionalLong.empty();
        }
        // the status route (2.x) or the CLI's status (0.10) names the PID; the legacy service's status does not
        return ep.pid().isPresent() ? ep.pid() : ListeningProcess.local().forUrl(ep.baseUrl());
    }

    @Override
    public List<String> drainEvents() {
        return events.drain();
    }

    @Override
    public void close() {
        session.close();
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
