package dev.fleetbench.common.quality;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer holds a JSON object that parses and has the given top-level keys. The JSON may be the whole answer, a
 * fenced block (```json … ```), or wrapped in prose (from the first '{' to the last '}', else the first balanced
 * {@code {…}} that parses). Requirements: that it
 * parses, and each key. JSON: {@code json: {keys: [name, age]}}.
 *
 * @param keys top-level keys the object must have; may be empty
 */
public record JsonCheck(List<String> keys) implements Check {

    /** Strict (no trailing tokens) and bounded, since the text comes from a model. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static {
        STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build());
    }

    public JsonCheck {
        keys = keys == null ? List.of() : List.copyOf(keys);
        for (String k : keys) {
            CheckJson.requireText("json.keys", k);
        }
    }

    public String key() {
        return "json";
    }

    public Object json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", keys);
        return m;
    }

    public Tally check(String answer) {
        JsonNode object = find(answer);
        List<String> missed = new ArrayList<>();
        List<String> found = new ArrayList<>();
        if (object == null) {
            missed.add("no JSON object that parses");
            for (String k : keys) {
                missed.add("no key '" + k + "'");
            }
            return new Tally(0, 1 + keys.size(), missed, found);
        }
        found.add("JSON object parses");
        for (String k : keys) {
            (object.has(k) ? found : missed).add((object.has(k) ? "has key '" : "lacks key '") + k + "'");
        }
        return new Tally(found.size(), 1 + keys.size(), missed, found);
    }

    /** The first candidate text that parses as a JSON object: fenced blocks, the whole answer, the outer braces. */
    static JsonNode find(String answer) {
        List<String> candidates = new ArrayList<>();
        for (Answers.Fence f : Answers.fences(answer)) {
            candidates.add(f.body());
        }
        candidates.add(answer);
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open >= 0 && close > open) {
            candidates.add(answer.substring(open, close + 1));
        }
        for (String c : candidates) {
            JsonNode n = parse(c.strip());
            if (n != null && n.isObject()) {
                return n;
            }
        }
        // Prose with braces of its own around the JSON: try each balanced {...} from its opening brace.
        int tries = 0;
        for (int i = answer.indexOf('{'); i >= 0 && tries < MAX_TRIES; i = answer.indexOf('{', i + 1), tries++) {
            int end = balancedEnd(answer, i);
            if (end > i) {
                JsonNode n = parse(answer.substring(i, end + 1));
                if (n != null && n.isObject()) {
                    return n;
                }
            }
        }
        return null;
    }

    private static final int MAX_TRIES = 64;

    /** Index of the brace closing the one at {@code open}, skipping JSON strings; -1 when it is not closed. */
    private static int balancedEnd(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return STRICT.readTree(text);
        } catch (JacksonException e) {
            return null; // not JSON: the next candidate is tried
        }
    }
}
