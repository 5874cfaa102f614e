package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Foundry Local's JSON documents (spec §4). Keys are matched case-insensitively (the live service emits
 * camelCase, the Learn page shows PascalCase), unknown keys are ignored, and every field may be null or absent.
 * Pure and thread-safe.
 */
final class CatalogJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private CatalogJson() {
    }

    static JsonNode tree(String json, String what) throws EngineException {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new EngineException(FailureCode.STREAM_MALFORMED, what + " is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new EngineException(FailureCode.STREAM_MALFORMED, what + " is not JSON: " + e.getOriginalMessage()
                    + " in '" + excerpt(json) + "'", e);
        }
    }

    /** G1 {@code GET /foundry/list}: a bare array of CatalogEntry (an object with {@code models} is tolerated). */
    static List<CatalogEntry> legacyList(String json) throws EngineException {
        JsonNode root = tree(json, "the Foundry Local catalog (/foundry/list)");
        JsonNode items = root.isArray() ? root : field(root, "models");
        if (items == null || !items.isArray()) {
            throw new EngineException(FailureCode.STREAM_MALFORMED,
                    "the Foundry Local catalog (/foundry/list) is not a JSON array: '" + excerpt(json) + "'");
        }
        List<CatalogEntry> out = new ArrayList<>();
        for (JsonNode item : items) {
            CatalogEntry e = entry(item, "name");
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** G2 ModelInfo ({@code foundry model info <m> -o json}): one object or an array of them. */
    static List<CatalogEntry> modelInfo(String json) throws EngineException {
        JsonNode root = tree(json, "the model info");
        List<CatalogEntry> out = new ArrayList<>();
        for (JsonNode item : root.isArray() ? root : List.of(root)) {
            CatalogEntry e = entry(item, "id");
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * One entry. G1 keeps the full id in {@code name} and the version as a string; G2 in {@code id} with an int
     * version and a versionless {@code name}. An item without an id or device is skipped.
     */
    private static CatalogEntry entry(JsonNode item, String idKey) {
        if (item == null || !item.isObject()) {
            return null;
        }
        String id = text(item, idKey);
        if (id == null && idKey.equals("id")) {
            id = text(item, "name");
        }
        if (id == null || id.isBlank()) {
            return null;
        }
        JsonNode runtime = field(item, "runtime");
        String device = runtime == null ? null : text(runtime, "deviceType");
        DeviceType type;
        try {
            type = device == null ? CatalogEntry.fromIdOnly(id).deviceType() : DeviceType.parse(device);
        } catch (IllegalArgumentException unknownDevice) {
            return null;
        }
        String ep = runtime == null ? null : text(runtime, "executionProvider");
        JsonNode version = field(item, "version");
        int v = version != null && version.canConvertToInt() ? version.asInt()
                : version != null && version.isTextual() ? parseInt(version.asText()) : -1;
        JsonNode size = field(item, "fileSizeMb");
        JsonNode created = field(item, "createdAt");
        JsonNode cached = field(item, "cached");
        return new CatalogEntry(id, text(item, "alias"), v, type, ep == null ? CatalogEntry.fromIdOnly(id).executionProvider() : ep,
                size != null && size.isNumber() ? size.asLong() : 0, text(item, "uri"), text(item, "publisher"),
                text(item, "providerType"), field(item, "promptTemplate"),
                created != null && created.isNumber() ? created.asLong() : 0,
                cached != null && cached.isBoolean() ? cached.asBoolean() : null);
    }

    /** G3 {@code GET /v1/models}: ids of every variant; device and EP from the id, put in the service's order. */
    static List<CatalogEntry> openAiModels(String json) throws EngineException {
        List<CatalogEntry> out = new ArrayList<>();
        for (String id : idList(json, "the model list (/v1/models)")) {
            out.add(CatalogEntry.fromIdOnly(id));
        }
        out.sort(VariantOrder.BEST_FIRST);
        return out;
    }

    /**
     * An id list: {@code ["a:1","b:2"]} ({@code /openai/models}, {@code /openai/loadedmodels}, {@code /models/loaded}),
     * {@code {"models":[…]}} (Rust 0.x tolerates it) or an OpenAI list {@code {"data":[{"id":…}]}}.
     */
    static List<String> idList(String json, String what) throws EngineException {
        JsonNode root = tree(json, what);
        JsonNode items = root.isArray() ? root : field(root, "data");
        if (items == null || !items.isArray()) {
            items = field(root, "models");
        }
        if (items == null || !items.isArray()) {
            throw new EngineException(FailureCode.STREAM_MALFORMED, what + " is not a list: '" + excerpt(json) + "'");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.isTextual() ? item.asText() : text(item, "id");
            if (id != null && !id.isBlank()) {
                out.add(id);
            }
        }
        return out;
    }

    /** A text field by case-insensitive name; null when absent, null or not a value. */
    static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** A field by case-insensitive name (exact match first). */
    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String excerpt(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
