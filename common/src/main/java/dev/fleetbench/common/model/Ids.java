package dev.fleetbench.common.model;

import java.util.regex.Pattern;

/**
 * The shapes of the names FleetBench accepts from outside, in one place so that every edge agrees (a campaign id that
 * one coordinator imports is one its REST API can address). Pure and thread-safe.
 *
 * <ul>
 *   <li>{@link Shape#ID}: worker, campaign and sample ids and every id in a URL path: 1-64 ASCII letters, digits,
 *       {@code _} and {@code -} (safe as a file name and in a path segment);</li>
 *   <li>{@link Shape#NAME}: prompt ids, label keys and site names: 1-64 ASCII letters, digits, {@code .}, {@code _}
 *       and {@code -} (a dot lets suites number their prompts, e.g. {@code gsm8k.3}).</li>
 * </ul>
 */
public final class Ids {

    /** One accepted shape, with the words an error message uses for it. */
    public enum Shape {
        ID("[A-Za-z0-9_-]{1,64}", "1-64 letters, digits, '_' or '-'"),
        NAME("[A-Za-z0-9._-]{1,64}", "1-64 letters, digits, '.', '_' or '-'");

        private final Pattern pattern;
        private final String words;

        Shape(String regex, String words) {
            this.pattern = Pattern.compile(regex);
            this.words = words;
        }

        /** True when the value is non-null and has this shape. */
        public boolean matches(String value) {
            return value != null && pattern.matcher(value).matches();
        }

        /** What the shape allows, in words ("1-64 letters, digits, '_' or '-'"). */
        public String words() {
            return words;
        }

        /** The regular expression (for documents such as the OpenAPI one and for tests). */
        public String regex() {
            return pattern.pattern();
        }
    }

    private Ids() {
    }

    /**
     * The value when it has the shape, else an {@link IllegalArgumentException} that names the field, the value
     * (clipped to 80 characters) and what the shape allows.
     */
    public static String require(Shape shape, String field, String value) {
        if (!shape.matches(value)) {
            throw new IllegalArgumentException(problem(shape, field, value));
        }
        return value;
    }

    /** The message {@link #require} gives for a value without the shape. */
    public static String problem(Shape shape, String field, String value) {
        String shown = value == null ? "null" : "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
        return field + " " + shown + " is invalid: " + shape.words();
    }
}
