package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code GET /v1/models} answers. Pure.
 *
 * <p>Takes {@code data[].id} (an entry that is a bare string counts as an id), in the server's order, without
 * duplicates; falls back to {@code models[].model|name|id} when there is no {@code data} (llama.cpp sends both,
 * Ollama's native list only the latter). llama.cpp's {@code meta.n_params} and {@code meta.size} (bytes) fill the
 * parameter count and file size. Every other key is ignored (Foundry Local adds {@code IsDelta},
 * {@code Successful}, {@code HttpStatusCode}).
 */
final class ModelList {

    private ModelList() {
    }

    static List<ModelVariant> parse(String json, DeviceType device) throws EngineException {
        JsonNode root;
        try {
            root = ChunkDecoder.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EngineException(FailureCode.STREAM_MALFORMED, "the model list is not JSON: "
                    + e.getOriginalMessage() + " in '" + Texts.excerpt(json) + "'", e);
        }
        JsonNode items = root == null ? null : root.isArray() ? root : root.get("data");
        if (items == null || !items.isArray()) {
            items = root == null ? null : root.get("models");
        }
        if (items == null || !items.isArray()) {
            throw new EngineException(FailureCode.STREAM_MALFORMED,
                    "the model list has no 'data' array: '" + Texts.excerpt(json) + "'");
        }
        List<ModelVariant> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : items) {
            String id = item.isTextual() ? item.asText() : firstText(item, "id", "model", "name");
            if (id == null || id.isBlank() || !seen.add(id)) {
                continue;
            }
            JsonNode meta = item.path("meta");
            out.add(new ModelVariant(id, id, device, null, positive(meta.path("size")),
                    positive(meta.path("n_params")), null));
        }
        return out;
    }

    /**
     * The listed models whose id, read as a file path ({@code /} or {@code \\} separated), has the file name
     * {@code name}, with or without {@code .gguf}; case-insensitive.
     */
    static List<ModelVariant> byFileName(List<ModelVariant> catalog, String name) {
        String wanted = name.toLowerCase(java.util.Locale.ROOT);
        List<ModelVariant> out = new ArrayList<>();
        for (ModelVariant v : catalog) {
            String id = v.id();
            String file = id.substring(Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\')) + 1)
                    .toLowerCase(java.util.Locale.ROOT);
            String stem = file.endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
            if (file.equals(wanted) || stem.equals(wanted)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String firstText(JsonNode item, String... keys) {
        for (String k : keys) {
            JsonNode v = item.get(k);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    private static long positive(JsonNode n) {
        return n.isNumber() && n.longValue() > 0 ? n.longValue() : 0L;
    }
}
