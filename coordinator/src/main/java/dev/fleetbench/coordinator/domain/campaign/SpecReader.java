package dev.fleetbench.coordinator.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed access to one JSON object of a spec with errors that name the field path. Written by hand rather than bound
 * by Jackson so that every message says which field is wrong and why, in words a lab technician understands.
 */
final class SpecReader {

    private final JsonNode node;
    private final String path;

    SpecReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static SpecReader object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new SpecException(path, "must be an object");
        }
        return new SpecReader(node, path);
    }

    String field(String name) {
        return path == null ? name : path + "." + name;
    }

    void allowOnly(Set<String> names) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new SpecException(field(f), "unknown field (known: " + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    JsonNode raw(String name) {
        return node.get(name);
    }

    String string(String name, int maxLength, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new SpecException(field(name), "is missing");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new SpecException(field(name), "must be a string");
        }
        String s = v.asText();
        if (s.isBlank()) {
            throw new SpecException(field(name), "must not be empty");
        }
        if (s.length() > maxLength) {
            throw new SpecException(field(name), "is longer than " + maxLength + " characters");
        }
        return s;
    }

    int integer(String name, int min, int max, int fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new SpecException(field(name), "must be a whole number");
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new SpecException(field(name), "must be between " + min + " and " + max + ", got " + v.asText());
        }
        return v.intValue();
    }

    double number(String name, double min, double max, double fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new SpecException(field(name), "must be a number");
        }
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) {
            throw new SpecException(field(name), "must be between " + min + " and " + max + ", got " + v.asText());
        }
        return d;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new SpecException(field(name), "must be true or false");
        }
        return v.booleanValue();
    }

    /** A string or a list of strings, as a list; empty when absent. */
    List<String> strings(String name, int maxItems, int maxLength) {
        JsonNode v = node.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            v = JsonNodeFactory.instance.arrayNode().add(v.asText());
        }
        if (!v.isArray()) {
            throw new SpecException(field(name), "must be a string or a list of strings");
        }
        if (v.size() > maxItems) {
            throw new SpecException(field(name), "has " + v.size() + " entries; at most " + maxItems + " are allowed");
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String f = field(name) + "[" + i + "]";
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new SpecException(f, "must be a non-empty string");
            }
            if (e.asText().length() > maxLength) {
                throw new SpecException(f, "is longer than " + maxLength + " characters");
            }
            out.add(e.asText());
        }
        return out;
    }
}
