package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fleetbench.common.quality.QualityScore;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A quality check on an answer: the exact text, a substring, or a regular expression that must be found.
 * In JSON it is {@code {"exact": "..."}}, {@code {"contains": "..."}} or {@code {"regex": "..."}}; a bare string
 * means "contains". Thread-safe and immutable.
 *
 * @param kind  how {@code value} is compared
 * @param value the expected text or pattern; never blank
 */
public record Expectation(Kind kind, String value) {

    /** How the expected value is compared with the answer. */
    public enum Kind { EXACT, CONTAINS, REGEX }

    /** Longest answer a regex is run on, so a pathological pattern cannot stall a check. */
    private static final int MAX_CHECKED_CHARS = 64 * 1024;

    public Expectation {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("expect." + kind.name().toLowerCase(Locale.ROOT) + " is empty");
        }
        if (kind == Kind.REGEX) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("expect.regex is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
    }

    public static Expectation exact(String text) {
        return new Expectation(Kind.EXACT, text);
    }

    public static Expectation contains(String text) {
        return new Expectation(Kind.CONTAINS, text);
    }

    public static Expectation regex(String pattern) {
        return new Expectation(Kind.REGEX, pattern);
    }

    /**
     * True when the answer passes. "exact" ignores leading and trailing white space on both sides; "contains" is
     * case-sensitive; "regex" is searched anywhere (DOTALL) in the first 64 KiB.
     */
    public boolean matches(String answer) {
        if (answer == null) {
            return false;
        }
        return switch (kind) {
            case EXACT -> answer.strip().equals(value.strip());
            case CONTAINS -> answer.contains(value);
            case REGEX -> Pattern.compile(value, Pattern.DOTALL)
                    .matcher(answer.length() > MAX_CHECKED_CHARS ? answer.substring(0, MAX_CHECKED_CHARS) : answer)
                    .find();
        };
    }

    /** The check as a score: pass (1) when {@link #matches} holds, else fail (0), with what was expected. */
    public QualityScore score(String answer) {
        String expected = kind.name().toLowerCase(Locale.ROOT) + " " + value;
        return matches(answer) ? QualityScore.pass("matches " + expected) : QualityScore.fail("does not match " + expected);
    }

    @JsonValue
    Map<String, String> toJson() {
        return Map.of(kind.name().toLowerCase(Locale.ROOT), value);
    }

    /** Reads a bare string (contains) or a one-key object {@code exact|contains|regex}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Expectation fromJson(Object json) {
        if (json instanceof String s) {
            return contains(s);
        }
        if (json instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            if (e.getValue() instanceof String v) {
                for (Kind k : Kind.values()) {
                    if (k.name().toLowerCase(Locale.ROOT).equals(e.getKey())) {
                        return new Expectation(k, v);
                    }
                }
            }
        }
        throw new IllegalArgumentException(
                "expect must be a string or an object with one of exact, contains, regex set to a string");
    }
}
