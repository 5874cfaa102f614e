package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.DownloadListener;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.hardware.CommandResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Model management against one discovered service, per generation (spec §3, §6): G1 through its {@code /foundry}
 * and {@code /openai} routes as the legacy SDKs call them; G2/G3 through {@code /models/*}, {@code /v1/models} and
 * the CLI where no route exists (catalog table, download, cache location). Ids are validated and URL-encoded.
 * A refused connection surfaces as {@link ServiceUnreachable} for the engine to heal. Stateless apart from its
 * endpoint; thread-safe.
 */
final class Management {

    private final Discovery.Endpoint endpoint;
    private final FoundryHttp http;
    private final FoundryCli cli;
    private final FoundryConfig config;

    Management(Discovery.Endpoint endpoint, FoundryHttp http, FoundryCli cli, FoundryConfig config) {
        this.endpoint = endpoint;
        this.http = http;
        this.cli = cli;
        this.config = config;
    }

    private boolean legacy() {
        return endpoint.generation() == Generation.G1;
    }

    List<CatalogEntry> catalog() throws EngineException {
        if (legacy()) {
            return CatalogJson.legacyList(ok(http.get(endpoint.baseUrl(), "/foundry/list", config.callTimeout()),
                    "GET /foundry/list"));
        }
        if (cli != null) {
            CommandResult table = cli.run("model", "list");
            List<CatalogEntry> rows = table.ok() ? ModelTable.parse(table.stdout()) : List.of();
            if (!rows.isEmpty()) {
                return rows;
            }
        }
        return CatalogJson.openAiModels(ok(http.get(endpoint.baseUrl(), "/v1/models", config.callTimeout()),
                "GET /v1/models"));
    }

    /** G2 {@code foundry model info <id> -o json}; empty when the CLI cannot say. */
    Optional<CatalogEntry> modelInfo(String id) throws EngineException {
        if (cli == null || legacy()) {
            return Optional.empty();
        }
        CommandResult r = cli.run("model", "info", ModelIds.require(id), "-o", "json");
        if (!r.ok() || !r.stdout().strip().startsWith("{") && !r.stdout().strip().startsWith("[")) {
            return Optional.empty();
        }
        try {
            return CatalogJson.modelInfo(r.stdout()).stream().findFirst();
        } catch (EngineException unreadable) {
            return Optional.empty();
        }
    }

    /** Ids of the cached variants; for G2/G3 from the CLI table's Cached column (empty without a CLI). */
    List<String> cachedIds(List<CatalogEntry> catalog) throws EngineException {
        if (legacy()) {
            return CatalogJson.idList(ok(http.get(endpoint.baseUrl(), "/openai/models", config.callTimeout()),
                    "GET /openai/models"), "/openai/models");
        }
        return catalog.stream().filter(e -> Boolean.TRUE.equals(e.cached())).map(CatalogEntry::id).toList();
    }

    List<String> loadedIds() throws EngineException {
        String path = legacy() ? "/openai/loadedmodels" : "/models/loaded";
        return CatalogJson.idList(ok(http.get(endpoint.baseUrl(), path, config.callTimeout()), "GET " + path), path);
    }

    void load(String id, String epOverride) throws EngineException {
        if (!tryLoad(id, epOverride)) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, "Foundry Local does not know " + id + " (HTTP 404)");
        }
    }

    /**
     * Loads {@code name} (an id on G1/G2, an alias on G3); false when the service answers 404 (it does not know the
     * name in that form), so that a caller can try the other form. Every other refusal is an exception with its code.
     */
    boolean tryLoad(String name, String epOverride) throws EngineException {
        String seg = ModelIds.pathSegment(name);
        String path = legacy() ? "/openai/load/" + seg + "?ttl=" + config.loadTtlSeconds()
                + (epOverride == null ? "" : "&ep=" + epOverride) : "/models/load/" + seg;
        FoundryHttp.Reply r = http.get(endpoint.baseUrl(), path, config.loadTimeout());
        if (r.ok()) {
            return true;
        }
        String text = errorText(r.body());
        if (text.contains("No OpenAIService provider found") || text.toLowerCase().contains("not cached")) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, name + " is not downloaded (not in the Foundry"
                    + " Local cache), so it cannot be loaded; download it first (HTTP " + r.status() + ": " + text + ")");
        }
        if (r.status() == 404) {
            return false;
        }
        throw new EngineException(FailureCode.LOAD_FAILED, "Foundry Local failed to load " + name + ": HTTP "
                + r.status() + (text.isEmpty() ? "" : ": " + text));
    }

    void unload(String id) throws EngineException {
        tryUnload(id);
    }

    /** Unloads {@code name} (id or alias as for {@link #tryLoad}); false when the service answers 404. */
    boolean tryUnload(String name) throws EngineException {
        String seg = ModelIds.pathSegment(name);
        String path = legacy() ? "/openai/unload/" + seg + "?force=true" : "/models/unload/" + seg;
        FoundryHttp.Reply r = http.get(endpoint.baseUrl(), path, config.callTimeout());
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw new EngineException(FailureCode.ENGINE_ERROR, "Foundry Local failed to unload " + name + ": HTTP "
                    + r.status() + ": " + errorText(r.body()));
        }
        return true;
    }

    Generation generation() {
        return endpoint.generation();
    }

    /** Downloads into the cache: G1 over HTTP with streamed progress, G2/G3 with {@code foundry model download}. */
    void download(CatalogEntry entry, DownloadListener listener) throws EngineException {
        DownloadProgress progress = new DownloadProgress(listener);
        if (!legacy()) {
            if (cli == null) {
                throw new EngineException(FailureCode.DOWNLOAD_FAILED, entry.id() + " is not cached and there is no"
                        + " way to download it here: Foundry Local " + endpoint.generation().words() + " has no download"
                        + " route and no foundry CLI was found");
            }
            List<String> tail = new ArrayList<>();
            int exit = cli.stream(config.downloadTimeout(), line -> {
                progress.line(line);
                tail.add(line);
                if (tail.size() > 5) {
                    tail.remove(0);
                }
            }, "model", "download", ModelIds.require(entry.id()));
            if (exit != 0) {
                throw new EngineException(FailureCode.DOWNLOAD_FAILED, "'foundry model download " + entry.id() + "' "
                        + (exit < 0 ? "did not finish within " + config.downloadTimeout().toMinutes() + " min"
                        : "failed with exit code " + exit) + ": " + String.join(" | ", tail));
            }
            return;
        }
        HttpResponse<InputStream> response = http.postStream(endpoint.baseUrl(), "/openai/download",
                downloadBody(entry), config.callTimeout());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundry-download-timeout");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = response.body()) {
            ScheduledFuture<?> limit = timer.schedule(() -> closeQuietly(in), config.downloadTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (response.statusCode() >= 300) {
                String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                throw new EngineException(FailureCode.DOWNLOAD_FAILED, "Foundry Local refused to download "
                        + entry.id() + ": HTTP " + response.statusCode() + ": " + errorText(body));
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                progress.line(line);
            }
            limit.cancel(false);
        } catch (IOException e) {
            throw new ServiceUnreachable(FailureCode.DOWNLOAD_FAILED, "the download of " + entry.id()
                    + " broke off after " + Math.max(0, progress.lastPercent()) + "%: " + e.getMessage(), e);
        } finally {
            timer.shutdownNow();
        }
        progress.requireSuccess(entry.id());
    }

    /** The request body as the SDKs build it (spec §4.5). */
    static String downloadBody(CatalogEntry e) {
        ObjectNode root = CatalogJson.MAPPER.createObjectNode();
        ObjectNode model = root.putObject("model");
        model.put("Name", e.id());
        model.put("Uri", e.uri());
        model.put("Publisher", e.publisher());
        model.put("ProviderType", "AzureFoundry".equals(e.providerType()) ? "AzureFoundryLocal" : e.providerType());
        JsonNode template = e.promptTemplate();
        model.set("PromptTemplate", template == null ? CatalogJson.MAPPER.nullNode() : template);
        root.putNull("token");
        root.put("IgnorePipeReport", true);
        return root.toString();
    }

    /** The cache folder: from the status route, else {@code foundry cache location}; null when unknown. */
    String cacheLocation() {
        if (endpoint.cacheDir() != null) {
            return endpoint.cacheDir();
        }
        if (cli != null) {
            CommandResult r = cli.run("cache", "location");
            if (r.ok()) {
                return CliOutput.cacheLocation(r.stdout()).orElse(null);
            }
        }
        return null;
    }

    private String ok(FoundryHttp.Reply r, String what) throws EngineException {
        if (!r.ok()) {
            throw new EngineException(FailureCode.HTTP_ERROR, "HTTP " + r.status() + " from " + what + " at "
                    + endpoint.baseUrl() + ": " + errorText(r.body()));
        }
        return r.body();
    }

    /** The message of a G3 error envelope, else the text; whitespace collapsed, cut to 300 characters. */
    static String errorText(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode root = CatalogJson.tree(text, "error");
                JsonNode error = CatalogJson.field(root, "error");
                String m = error != null && error.isObject() ? CatalogJson.text(error, "message")
                        : CatalogJson.text(root, "message");
                if (m != null) {
                    text = m;
                }
            } catch (EngineException notJson) {
                // keep the raw text
            }
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // ends the blocked read, which is the point
        }
    }
}
