package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.EngineException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts tokens with the llama.cpp server's own tokenizer, for servers that stream no {@code usage}:
 * {@code POST /tokenize {"content": text}} → {@code {"tokens": […]}}, and for the prompt first
 * {@code POST /apply-template {"messages": […]}} → {@code {"prompt": "…"}} so that the chat template's tokens are
 * counted as the server counts them. Whether the server has these routes is probed on first use and remembered
 * (a 4xx or an answer of another shape means no); a connection failure is not remembered. Counts are cached,
 * since benchmark prompts (and greedy answers) repeat. Best effort: every failure is a null count, never an error.
 * Thread-safe.
 */
final class LlamaTokenizer implements TokenCounter {

    private static final int CACHE_ENTRIES = 256;

    private final ServerHttp http;
    private volatile Support tokenize = Support.UNKNOWN;
    private volatile Support template = Support.UNKNOWN;
    private final Map<String, Integer> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    LlamaTokenizer(ServerHttp http) {
        this.http = http;
    }

    @Override
    public Integer countPrompt(String model, List<ChatMessage> messages) {
        return countPrompt(messages);
    }

    @Override
    public Integer countAnswer(String model, String text) {
        return countText(text);
    }

    /** Generated text counted without special tokens; null when the server cannot count. */
    Integer countText(String text) {
        return cached("o\u0000" + text, () -> tokens(text, false));
    }

    /** The prompt as the server sees it (chat template applied, BOS added); null when the server cannot say. */
    Integer countPrompt(List<ChatMessage> messages) {
        ObjectNode body = ChunkDecoder.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        String json = body.toString();
        return cached("p\u0000" + json, () -> {
            String prompt = applyTemplate(json);
            return prompt == null ? null : tokens(prompt, true);
        });
    }

    private interface Count {
        Integer get();
    }

    private Integer cached(String key, Count count) {
        synchronized (cache) {
            Integer hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Integer n = count.get();
        if (n != null) {
            synchronized (cache) {
                cache.put(key, n);
            }
        }
        return n;
    }

    private String applyTemplate(String messagesJson) {
        if (template == Support.NO || tokenize == Support.NO) {
            return null;
        }
        JsonNode answer = post("/apply-template", messagesJson);
        if (answer == null) {
            return null;
        }
        JsonNode prompt = answer.get("prompt");
        template = prompt != null && prompt.isTextual() ? Support.YES : Support.NO;
        return template == Support.YES ? prompt.asText() : null;
    }

    private Integer tokens(String text, boolean addSpecial) {
        if (tokenize == Support.NO) {
            return null;
        }
        ObjectNode body = ChunkDecoder.MAPPER.createObjectNode();
        body.put("content", text).put("add_special", addSpecial).put("parse_special", addSpecial);
        JsonNode answer = post("/tokenize", body.toString());
        if (answer == null) {
            return null;
        }
        JsonNode tokens = answer.get("tokens");
        tokenize = tokens != null && tokens.isArray() ? Support.YES : Support.NO;
        return tokenize == Support.YES ? tokens.size() : null;
    }

    /** The JSON answer of a 2xx reply; null otherwise (a 3xx/4xx or non-JSON answer marks the route absent). */
    private JsonNode post(String path, String json) {
        ServerHttp.Reply reply;
        try {
            reply = http.postJson(path, json);
        } catch (EngineException unreachable) {
            return null;
        }
        if (!reply.ok()) {
            if (reply.status() < 500) {
                markAbsent(path); // a 5xx may pass; a 404 or 405 will not
            }
            return null;
        }
        try {
            JsonNode node = ChunkDecoder.MAPPER.readTree(reply.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException notJson) {
            // falls through: another kind of server
        }
        markAbsent(path);
        return null;
    }

    private void markAbsent(String path) {
        if (path.equals("/tokenize")) {
            tokenize = Support.NO;
        } else {
            template = Support.NO;
        }
    }
}
