package dev.fleetbench.common.quality;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A count of words, sentences or bullet points that must lie within bounds. JSON: {@code words: {min: 20, max: 60}},
 * either bound may be left out; the bounds are one requirement.
 *
 * @param unit what is counted
 * @param min  least count allowed, or null for none
 * @param max  greatest count allowed, or null for none
 */
public record Counts(Unit unit, Integer min, Integer max) implements Check {

    /** What is counted, and how. */
    public enum Unit {
        /** Runs of letters or digits, as {@link Answers#words} finds them. */
        WORDS,
        /**
         * Stretches ending in '.', '!' or '?' followed by white space (or the end, or a blank line) that contain a
         * letter or digit; a stop after an abbreviation ("e.g.", "etc.", "Dr.") does not count.
         */
        SENTENCES,
        /** Lines starting with '*', '-', '•' or "1." / "1)" followed by a space. */
        BULLETS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？]+(?=\\s|$)|\\n\\s*\\n");
    private static final Pattern BULLET = Pattern.compile("(?m)^[ \\t]*(?:[*•-]|\\d{1,3}[.)])[ \\t]+\\S");

    public Counts {
        if (unit == null) {
            throw new IllegalArgumentException("expect: count unit is missing");
        }
        String k = "expect." + unit.wire();
        if (min == null && max == null) {
            throw new IllegalArgumentException(k + " needs min or max");
        }
        if ((min != null && min < 0) || (max != null && max < 0)) {
            throw new IllegalArgumentException(k + ": bounds must not be negative");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(k + ": min " + min + " is greater than max " + max);
        }
    }

    public String key() {
        return unit.wire();
    }

    public Object json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (min != null) {
            m.put("min", min);
        }
        if (max != null) {
            m.put("max", max);
        }
        return m;
    }

    public Tally check(String answer) {
        int n = count(unit, answer);
        boolean ok = (min == null || n >= min) && (max == null || n <= max);
        String bounds = min != null && max != null ? (min.equals(max) ? "exactly " + min : min + "–" + max)
                : min != null ? "at least " + min : "at most " + max;
        return Tally.one(ok, n + " " + unit.wire() + (ok ? "" : ", asked " + bounds));
    }

    private static boolean hasWord(String part) {
        return part.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    /** A stop after "e.g", "i.e", "etc", "Dr" and the like does not end a sentence. */
    private static boolean abbreviation(String text, int dot) {
        int start = dot;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        String token = text.substring(start, dot).toLowerCase(Locale.ROOT);
        return token.contains(".") || ABBREVIATIONS.contains(token);
    }

    private static final java.util.Set<String> ABBREVIATIONS =
            java.util.Set.of("mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "no", "fig", "approx", "ca");

    /** Counts {@code unit} in {@code text}. */
    public static int count(Unit unit, String text) {
        return switch (unit) {
            case WORDS -> Answers.words(text).size();
            case BULLETS -> {
                int n = 0;
                Matcher m = BULLET.matcher(text);
                while (m.find()) {
                    n++;
                }
                yield n;
            }
            case SENTENCES -> {
                int n = 0;
                int from = 0;
                Matcher m = SENTENCE_END.matcher(text);
                while (m.find()) {
                    if (m.group().equals(".") && abbreviation(text, m.start())) {
                        continue;
                    }
                    n += hasWord(text.substring(from, m.start())) ? 1 : 0;
                    from = m.end();
                }
                yield n + (hasWord(text.substring(from)) ? 1 : 0);
            }
        };
    }
}
