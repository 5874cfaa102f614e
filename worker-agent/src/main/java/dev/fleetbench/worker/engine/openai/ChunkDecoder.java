package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code data} of one server-sent event of an OpenAI-compatible chat stream into a {@link StreamEvent}.
 * Pure and thread-safe.
 *
 * <p>Foreign payloads are read as a JSON tree and every key this class does not look at is ignored: Foundry
 * Local's legacy keys ({@code IsDelta}, {@code Successful}, {@code HttpStatusCode}, {@code error: null}, a
 * {@code message} object next to {@code delta}), changing ids, {@code model: null}, vendor extensions. The strict
 * project mapper ({@code dev.fleetbench.common.json.Json}) is for FleetBench's own documents, not for these.
 *
 * <p>Reading rules: text comes from {@code choices[].delta} (from {@code choices[].message} only when a choice has
 * no {@code delta}, so a duplicated {@code message} is never counted twice; from {@code choices[].text} for
 * completion-style servers); reasoning from {@code reasoning_content}, else {@code reasoning}; empty strings are
 * no text. Several choices are joined in order. A non-null {@code error} makes the whole payload an
 * {@link StreamEvent.EngineError}. An empty payload is an empty chunk.
 */
public final class ChunkDecoder {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Decodes one payload; never throws for bad input (that is {@link StreamEvent.Malformed}). */
    public StreamEvent decode(String data) {
        if (data.isBlank()) {
            return new StreamEvent.Chunk(null, null, null, null, null, Map.of());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return new StreamEvent.Malformed("invalid JSON: " + e.getOriginalMessage(), Texts.excerpt(data));
        }
        if (root == null || !root.isObject()) {
            return new StreamEvent.Malformed("expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)), Texts.excerpt(data));
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            return engineError(error);
        }
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String role = null;
        String finishReason = null;
        JsonNode choices = root.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.get("message");
                if (delta != null && delta.isObject()) {
                    role = textOr(delta.get("role"), role);
                    append(content, delta.get("content"));
                    JsonNode thought = delta.get("reasoning_content");
                    append(reasoning, thought != null && !thought.isNull() ? thought : delta.get("reasoning"));
                } else {
                    append(content, choice.get("text"));
                }
                finishReason = textOr(choice.get("finish_reason"), finishReason);
            }
        }
        return new StreamEvent.Chunk(role, emptyToNull(reasoning), emptyToNull(content), finishReason,
                usage(root.get("usage")), numbers(root.get("timings")));
    }

    /** Reads an error envelope or value: {@code {"message","type","code"}}, a string, or anything else as text. */
    static StreamEvent.EngineError engineError(JsonNode error) {
        if (error.isObject()) {
            JsonNode message = error.get("message");
            String text = message != null && message.isValueNode() && !message.isNull()
                    ? message.asText() : error.toString();
            return new StreamEvent.EngineError(text, textOr(error.get("type"), null),
                    error.hasNonNull("code") ? error.get("code").asText() : null);
        }
        return new StreamEvent.EngineError(error.isTextual() ? error.asText() : error.toString(), null, null);
    }

    private static StreamEvent.Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        StreamEvent.Usage u = new StreamEvent.Usage(integer(usage.get("prompt_tokens")),
                integer(usage.get("completion_tokens")), integer(usage.get("total_tokens")));
        return u.promptTokens() == null && u.completionTokens() == null && u.totalTokens() == null ? null : u;
    }

    /** Every numeric field of an object, in document order; empty for anything else. */
    static Map<String, Double> numbers(JsonNode node) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    out.put(e.getKey(), e.getValue().doubleValue());
                }
            }
        }
        return out;
    }

    private static Integer integer(JsonNode n) {
        return n != null && n.isNumber() && n.canConvertToInt() ? n.intValue() : null;
    }

    private static void append(StringBuilder sb, JsonNode n) {
        if (n != null && n.isTextual()) {
            sb.append(n.asText());
        }
    }

    private static String textOr(JsonNode n, String fallback) {
        return n != null && n.isTextual() ? n.asText() : fallback;
    }

    private static String emptyToNull(StringBuilder sb) {
        return sb.length() == 0 ? null : sb.toString();
    }
}
