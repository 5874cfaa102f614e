package dev.fleetbench.common.quality;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer's final number equals {@code value}. JSON: {@code number: 42}. "42", "42.0", "1,234", "$42",
 * "forty-two" (number words up to the millions) and "The answer is 42." all read as their value. The final number is
 * the one in a {@code \boxed{…}}, else the first after the last "answer is" / "answer:", else the last number in
 * bold, else the last number of the answer.
 *
 * @param value the expected value; compared numerically (42 equals 42.00)
 */
public record NumberCheck(BigDecimal value) implements Check {

    private static final String NUM = "-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
    private static final Pattern DIGITS = Pattern.compile("(?<![\\d.,])" + NUM + "(?![\\d])");
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)}");
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)answer\\s*(?:is|:|=)\\s*");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final Pattern WORD = Pattern.compile("[a-zA-Z]+");

    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14), Map.entry("fifteen", 15),
            Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50), Map.entry("sixty", 60), Map.entry("seventy", 70), Map.entry("eighty", 80),
            Map.entry("ninety", 90));
    private static final Map<String, Integer> SCALES = Map.of("hundred", 100, "thousand", 1_000, "million", 1_000_000);

    public NumberCheck {
        if (value == null) {
            throw new IllegalArgumentException("expect.number is missing");
        }
        value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros(); // 42.0 and 42 are one check
    }

    public String key() {
        return "number";
    }

    public Object json() {
        return value.stripTrailingZeros().scale() <= 0 ? value.toBigInteger() : value.stripTrailingZeros();
    }

    public Tally check(String answer) {
        BigDecimal got = finalNumber(answer);
        String want = value.stripTrailingZeros().toPlainString();
        if (got == null) {
            return Tally.one(false, "no number in the answer, expected " + want);
        }
        boolean ok = got.compareTo(value) == 0;
        return Tally.one(ok, "answered " + got.stripTrailingZeros().toPlainString() + (ok ? "" : ", expected " + want));
    }

    /** The answer's final number (see the type's description), or null when it has none. */
    public static BigDecimal finalNumber(String answer) {
        Matcher boxed = BOXED.matcher(answer);
        BigDecimal last = null;
        while (boxed.find()) {
            BigDecimal b = lastNumber(boxed.group(1));
            last = b != null ? b : last;
        }
        if (last != null) {
            return last;
        }
        Matcher is = ANSWER_IS.matcher(answer);
        int after = -1;
        while (is.find()) {
            after = is.end();
        }
        if (after >= 0) {
            List<BigDecimal> tail = numbers(answer.substring(after));
            if (!tail.isEmpty()) {
                return tail.get(0);
            }
        }
        Matcher bold = BOLD.matcher(answer);
        while (bold.find()) {
            BigDecimal b = lastNumber(bold.group(1));
            last = b != null ? b : last;
        }
        return last != null ? last : lastNumber(answer);
    }

    private static BigDecimal lastNumber(String text) {
        List<BigDecimal> all = numbers(text);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Every number in the text, in order: digit forms and runs of number words. */
    static List<BigDecimal> numbers(String text) {
        record At(int pos, BigDecimal value) { }
        List<At> found = new ArrayList<>();
        Matcher d = DIGITS.matcher(text);
        while (d.find()) {
            found.add(new At(d.start(), new BigDecimal(d.group().replace(",", ""))));
        }
        // Runs of number words: "forty-two", "one hundred and five", "twelve thousand three hundred".
        Matcher w = WORD.matcher(text);
        long total = 0;
        long current = 0;
        int start = -1;
        int lastEnd = 0;
        boolean afterScale = false;
        while (w.find()) {
            String word = w.group().toLowerCase(Locale.ROOT);
            boolean joined = start >= 0 && text.substring(lastEnd, w.start()).matches("[\\s-]*");
            if (start >= 0 && !(joined && (UNITS.containsKey(word) || SCALES.containsKey(word) || (afterScale && word.equals("and"))))) {
                found.add(new At(start, BigDecimal.valueOf(total + current)));
                start = -1;
                total = 0;
                current = 0;
            }
            if (UNITS.containsKey(word)) {
                start = start < 0 ? w.start() : start;
                current += UNITS.get(word);
            } else if (SCALES.containsKey(word) && start >= 0) {
                int scale = SCALES.get(word);
                if (scale == 100) {
                    current *= 100;
                } else {
                    total += Math.max(current, 1) * scale;
                    current = 0;
                }
            }
            afterScale = SCALES.containsKey(word) && start >= 0;
            lastEnd = w.end();
        }
        if (start >= 0) {
            found.add(new At(start, BigDecimal.valueOf(total + current)));
        }
        found.sort((a, b) -> Integer.compare(a.pos(), b.pos()));
        return found.stream().map(At::value).toList();
    }
}
