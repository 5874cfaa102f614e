package dev.fleetbench.worker.engine.foundry.testdouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.fleetbench.worker.engine.ChatMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The double's routes per generation (spec §3): G1 {@code /openai/*}, {@code /foundry/list}, the token-count route;
 * G2/G3 {@code /models/*}, {@code /v1/models[/id]}; G3 {@code /status}, {@code /shutdown}; chat for all. Requests are
 * served one at a time, as Foundry Local does (#637). Errors: G1 plain text, G2/G3 the OpenAI envelope (§4.7).
 *
 * <p>G3 follows its source ({@code sdk_v2/cpp/src/service/models_handlers.cc}): {@code /models/load/{name}} and
 * {@code /models/unload/{name}} look {@code name} up as an <em>alias</em> only (an id answers 404 "Model not found"),
 * and act on the alias's selected variant ({@link FoundryDouble#selectedVariant}); chat needs the exact id of a loaded
 * variant. G2 keeps loading by id (what SDK 1.x sends).
 */
final class DoubleRoutes implements HttpHandler {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock(true);

    private final FoundryDouble d;
    private final boolean g1;

    DoubleRoutes(FoundryDouble d) {
        this.d = d;
        this.g1 = d.api() == FoundryDouble.Api.G1;
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath(); // decoded: %3A is ':' again
        String query = x.getRequestURI().getRawQuery();
        d.log(x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        ONE_AT_A_TIME.lock();
        try {
            route(x, x.getRequestMethod(), path, query == null ? "" : query);
        } catch (IOException | java.io.UncheckedIOException e) {
            // the client went away or the double died mid-response
        } finally {
            ONE_AT_A_TIME.unlock();
            x.close();
        }
    }

    private void route(HttpExchange x, String method, String path, String query) throws IOException {
        if (path.equals("/v1/chat/completions") && method.equals("POST")) {
            new DoubleChat(d, x, g1).run(read(x));
        } else if (path.equals("/v1/models") && method.equals("GET")) {
            v1Models(x);
        } else if (g1) {
            legacy(x, method, path, query);
        } else {
            current(x, method, path);
        }
    }

    private void legacy(HttpExchange x, String method, String path, String query) throws IOException {
        if (path.equals("/openai/status")) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.putArray("endpoints").add(d.baseUrl());
            n.put("modelDirPath", d.cacheDir().toString()).put("pipeName", "inference_agent");
            json(x, 200, n);
        } else if (path.equals("/foundry/list")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            List<DoubleVariant> all = d.catalog();
            for (int i = 0; i < all.size(); i++) {
                list.add(all.get(i).legacyJson(i == all.size() - 1, i == 1));
            }
            json(x, 200, list);
        } else if (path.equals("/openai/models")) {
            json(x, 200, ids(d.cachedIds()));
        } else if (path.equals("/openai/loadedmodels")) {
            json(x, 200, ids(d.loadedIds()));
        } else if (path.startsWith("/openai/load/")) {
            DoubleVariant v = d.variant(path.substring("/openai/load/".length()));
            if (v == null || !d.isCached(v.id())) {
                text(x, 500, "No OpenAIService provider found for modelName:" + path.substring("/openai/load/".length()));
            } else if (d.quirks.failLoad) {
                text(x, 500, "Failed loading model " + v.id() + ": Exception of type 'OutOfMemoryException' was thrown.");
            } else {
                d.load(v);
                empty(x, 200);
            }
        } else if (path.startsWith("/openai/unload/")) {
            DoubleVariant v = d.variant(path.substring("/openai/unload/".length()));
            if (v != null) {
                d.unload(v);
            }
            empty(x, 200);
        } else if (path.equals("/openai/unloadall")) {
            d.unloadAll();
            empty(x, 200);
        } else if (path.equals("/openai/download") && method.equals("POST")) {
            new DoubleDownload(d, x).run(read(x));
        } else if (path.equals("/v1/chat/completions/tokenizer/encode/count") && method.equals("POST")
                && d.quirks.countRoute) {
            JsonNode body = JSON.readTree(read(x));
            DoubleVariant v = d.variant(body.path("model").asText());
            List<ChatMessage> messages = new ArrayList<>();
            body.path("messages").forEach(m -> messages.add(new ChatMessage(m.path("role").asText("user"),
                    m.path("content").asText(""))));
            int n = d.backend().countTokens(v == null ? "stories260K" : v.backing(), messages);
            json(x, 200, JsonNodeFactory.instance.objectNode().put("tokenCount", n));
        } else {
            text(x, 404, "");
        }
    }

    private void current(HttpExchange x, String method, String path) throws IOException {
        boolean g3 = d.api() == FoundryDouble.Api.G3;
        boolean byAlias = g3 || d.quirks.loadByAliasOnly;
        if (path.equals("/models/loaded")) {
            json(x, 200, ids(d.loadedIds()));
        } else if (path.startsWith("/models/load/")) {
            String name = path.substring("/models/load/".length());
            DoubleVariant v = byAlias ? d.selectedVariant(name) : d.variant(name);
            if (v == null) {
                error(x, 404, "Model not found: No model matching '" + name + "'");
            } else if (byAlias && d.loadedIds().contains(v.id())) {
                json(x, 200, JsonNodeFactory.instance.objectNode().put("status", "already_loaded"));
            } else if (!d.isCached(v.id())) {
                error(x, 400, byAlias ? "Model not cached: Model must be downloaded before loading" : "Model not cached: " + v.id());
            } else if (d.quirks.failLoad) {
                error(x, 500, "Failed to load model: " + v.id());
            } else {
                boolean already = d.loadedIds().contains(v.id());
                d.load(v);
                json(x, 200, JsonNodeFactory.instance.objectNode().put("status", already ? "already_loaded" : "loaded"));
            }
        } else if (path.startsWith("/models/unload/")) {
            String name = path.substring("/models/unload/".length());
            DoubleVariant v = byAlias ? d.selectedVariant(name) : d.variant(name);
            if (v == null) {
                error(x, 404, "Model not found: No model matching '" + name + "'");
            } else {
                json(x, 200, JsonNodeFactory.instance.objectNode().put("status", d.unload(v) ? "unloaded" : "not_loaded"));
            }
        } else if (path.startsWith("/v1/models/")) {
            DoubleVariant v = d.variant(path.substring("/v1/models/".length()));
            if (v == null) {
                error(x, 404, "Model not found");
            } else {
                json(x, 200, model(v));
            }
        } else if (g3 && path.equals("/status")) {
            ObjectNode n = JsonNodeFactory.instance.objectNode().put("modelCachePath", d.cacheDir().toString());
            n.putArray("endpoints").add(d.baseUrl());
            n.put("pid", ProcessHandle.current().pid());
            json(x, 200, n);
        } else if (g3 && path.equals("/shutdown") && method.equals("POST")) {
            json(x, 200, JsonNodeFactory.instance.objectNode().put("status", "shutting_down"));
            d.pool().execute(d::stopService);
        } else {
            error(x, 404, "Not found: " + path);
        }
    }

    /** G1: loaded models with the stray legacy keys (#752); G2/G3: every catalog variant. */
    private void v1Models(HttpExchange x) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ArrayNode data = n.putArray("data");
        if (g1) {
            d.loadedIds().forEach(id -> data.add(model(d.variant(id))));
        } else {
            d.catalog().forEach(v -> data.add(model(v)));
        }
        n.put("object", "list");
        if (g1) {
            n.put("IsDelta", false).put("Successful", true).put("HttpStatusCode", 200);
        }
        json(x, 200, n);
    }

    private static ObjectNode model(DoubleVariant v) {
        return JsonNodeFactory.instance.objectNode().put("id", v.id()).put("object", "model")
                .put("created", 1_750_000_000L).put("owned_by", "Microsoft");
    }

    private static ArrayNode ids(List<String> ids) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ids.forEach(a::add);
        return a;
    }

    static String read(HttpExchange x) throws IOException {
        return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json");
        bytes(x, status, JSON.writeValueAsBytes(body));
    }

    static void text(HttpExchange x, int status, String body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        bytes(x, status, body.getBytes(StandardCharsets.UTF_8));
    }

    static void empty(HttpExchange x, int status) throws IOException {
        x.sendResponseHeaders(status, -1);
    }

    /** The G3 error envelope (spec §4.7). */
    static void error(HttpExchange x, int status, String message) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("error").put("message", message).put("type", status >= 500 ? "server_error" : "invalid_request_error")
                .putNull("param").putNull("code");
        json(x, status, n);
    }

    private static void bytes(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
