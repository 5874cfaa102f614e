package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.openai.TokenCounter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tokens with G1's {@code POST /v1/chat/completions/tokenizer/encode/count} ({@code {model, messages}} →
 * {@code {"tokenCount": n}}), for legacy streams that carry no {@code usage}. An answer is counted as the
 * difference between one assistant message holding it and an empty assistant message, so that whatever the route
 * adds per message (template tokens) cancels out. A route that answers 4xx or not as expected is not asked again;
 * every failure is a null count (the measurement then counts chunks, flagged approximate). Thread-safe.
 */
final class FoundryTokenCounter implements TokenCounter {

    static final String PATH = "/v1/chat/completions/tokenizer/encode/count";

    private final FoundryHttp http;
    private final String base;
    private final Duration limit;
    private volatile boolean absent;
    private final Map<String, Integer> emptyAnswer = new ConcurrentHashMap<>();

    FoundryTokenCounter(FoundryHttp http, String base, Duration limit) {
        this.http = http;
        this.base = base;
        this.limit = limit;
    }

    @Override
    public Integer countPrompt(String model, List<ChatMessage> messages) {
        return count(model, messages);
    }

    @Override
    public Integer countAnswer(String model, String text) {
        Integer with = count(model, List.of(new ChatMessage("assistant", text)));
        if (with == null) {
            return null;
        }
        Integer without = emptyAnswer.get(model);
        if (without == null) {
            without = count(model, List.of(new ChatMessage("assistant", "")));
            if (without == null) {
                return null;
            }
            emptyAnswer.put(model, without);
        }
        return Math.max(0, with - without);
    }

    /** The route's count, or null. */
    Integer count(String model, List<ChatMessage> messages) {
        if (absent) {
            return null;
        }
        ObjectNode body = CatalogJson.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode list = body.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        FoundryHttp.Reply r;
        try {
            r = http.postJson(base, PATH, body.toString(), limit);
        } catch (EngineException unreachable) {
            return null;
        }
        if (!r.ok()) {
            absent |= r.status() < 500;
            return null;
        }
        try {
            JsonNode n = CatalogJson.field(CatalogJson.tree(r.body(), PATH), "tokenCount");
            if (n != null && n.canConvertToInt()) {
                return n.asInt();
            }
        } catch (EngineException notJson) {
            // falls through
        }
        absent = true;
        return null;
    }
}
