package dev.fleetbench.common.quality;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a check from its JSON key and value (as Jackson hands them over: String, Number, Boolean, List, Map), with
 * an error naming the key and the problem. Hand-written rather than Jackson polymorphism because one expect object
 * holds several kinds side by side, keyed by kind, and old prompt files must keep reading unchanged.
 */
public final class CheckJson {

    /** Every key an {@code expect} object may hold, in the order they are documented. */
    public static final List<String> KEYS = List.of("exact", "contains", "regex", "words", "sentences", "bullets",
            "include", "exclude", "lowercase", "json", "title", "language", "number", "choice", "python", "facts");

    private CheckJson() {
    }

    /** The check of kind {@code key} written as {@code value}. */
    public static Check read(String key, Object value) {
        return switch (key) {
            case "exact" -> new TextChecks.Exact(text(key, value));
            case "contains" -> new TextChecks.Contains(text(key, value));
            case "regex" -> new TextChecks.Regex(text(key, value));
            case "words" -> counts(Counts.Unit.WORDS, key, value);
            case "sentences" -> counts(Counts.Unit.SENTENCES, key, value);
            case "bullets" -> counts(Counts.Unit.BULLETS, key, value);
            case "include" -> new TextChecks.Include(texts(key, value));
            case "exclude" -> new TextChecks.Exclude(texts(key, value));
            case "lowercase" -> flag(key, value, new TextChecks.Lowercase());
            case "title" -> flag(key, value, new TextChecks.Title());
            case "json" -> json(value);
            case "language" -> new LanguageCheck(text(key, value));
            case "number" -> new NumberCheck(number(key, value));
            case "choice" -> choice(value);
            case "python" -> PythonCheck.fromJson(object(key, value, Set.of("function", "arity", "keywords")));
            case "facts" -> new FactsCheck(facts(value));
            default -> throw new IllegalArgumentException("expect: unknown check '" + key + "'; known checks are "
                    + String.join(", ", KEYS));
        };
    }

    private static Check counts(Counts.Unit unit, String key, Object value) {
        if (value instanceof Number) {
            Integer n = integer(key, value);
            return new Counts(unit, n, n);
        }
        Map<String, Object> m = object(key, value, Set.of("min", "max"));
        return new Counts(unit, m.containsKey("min") ? integer(key + ".min", m.get("min")) : null,
                m.containsKey("max") ? integer(key + ".max", m.get("max")) : null);
    }

    private static Check flag(String key, Object value, Check check) {
        if (!Boolean.TRUE.equals(value)) {
            throw new IllegalArgumentException("expect." + key + " must be true (leave it out to not check it)");
        }
        return check;
    }

    private static Check json(Object value) {
        if (Boolean.TRUE.equals(value)) {
            return new JsonCheck(List.of());
        }
        if (value instanceof List<?>) {
            return new JsonCheck(texts("json", value));
        }
        Map<String, Object> m = object("json", value, Set.of("keys"));
        return new JsonCheck(m.containsKey("keys") && !(m.get("keys") instanceof List<?> l && l.isEmpty())
                ? texts("json.keys", m.get("keys")) : List.of());
    }

    private static Check choice(Object value) {
        if (value instanceof String s) {
            return new ChoiceCheck(s, List.of());
        }
        Map<String, Object> m = object("choice", value, Set.of("answer", "options"));
        return new ChoiceCheck(text("choice.answer", m.get("answer")),
                m.containsKey("options") ? texts("choice.options", m.get("options")) : List.of());
    }

    private static List<List<String>> facts(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expect.facts must be a list of facts, each a list of alternatives");
        }
        List<List<String>> out = new ArrayList<>();
        for (Object f : list) {
            out.add(f instanceof String s ? List.of(s) : texts("facts[" + out.size() + "]", f));
        }
        return out;
    }

    /** A JSON object with only the allowed keys. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String key, Object value, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expect." + key + " must be an object with " + String.join(", ",
                    allowed.stream().sorted().toList()));
        }
        for (Object k : map.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new IllegalArgumentException("expect." + key + ": unknown field '" + k + "'; known fields are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return (Map<String, Object>) map;
    }

    static String text(String key, Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("expect." + key + " must be a string");
        }
        return requireText(key, s);
    }

    static List<String> texts(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expect." + key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            out.add(text(key, o));
        }
        return requireTexts(key, out);
    }

    static Integer integer(String key, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            long l = ((Number) value).longValue();
            if (l >= 0 && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        }
        throw new IllegalArgumentException("expect." + key + " must be a whole number from 0, got " + value);
    }

    static BigDecimal number(String key, Object value) {
        try {
            if (value instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            if (value instanceof String s) {
                return new BigDecimal(s.strip().replace(",", ""));
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new IllegalArgumentException("expect." + key + " must be a number, got " + value);
    }

    /** {@code text} when it is not empty, else an error naming {@code key}. */
    public static String requireText(String key, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("expect." + key + " is empty");
        }
        return text;
    }

    /** An unmodifiable copy of a non-empty list of non-empty strings, else an error naming {@code key}. */
    public static List<String> requireTexts(String key, List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("expect." + key + " needs at least one entry");
        }
        for (String t : texts) {
            requireText(key, t);
        }
        return List.copyOf(texts);
    }
}
