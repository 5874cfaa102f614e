package dev.fleetbench.common.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks on plain text: exact, contains, regex, required and forbidden words, all lowercase, a title. */
public final class TextChecks {

    private TextChecks() {
    }

    /** The whole answer equals {@code text}, ignoring leading and trailing white space on both sides. */
    public record Exact(String text) implements Check {
        public Exact {
            CheckJson.requireText("exact", text);
        }

        public String key() {
            return "exact";
        }

        public Object json() {
            return text;
        }

        public Tally check(String answer) {
            return Tally.one(answer.strip().equals(text.strip()), "exact " + text);
        }
    }

    /** The answer contains {@code text}, case-sensitively. */
    public record Contains(String text) implements Check {
        public Contains {
            CheckJson.requireText("contains", text);
        }

        public String key() {
            return "contains";
        }

        public Object json() {
            return text;
        }

        public Tally check(String answer) {
            return Tally.one(answer.contains(text), "contains " + text);
        }
    }

    /** The regular expression is found anywhere in the answer ('.' matches line ends too). */
    public record Regex(String pattern) implements Check {
        public Regex {
            CheckJson.requireText("regex", pattern);
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("expect.regex is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }

        public String key() {
            return "regex";
        }

        public Object json() {
            return pattern;
        }

        public Tally check(String answer) {
            return Tally.one(Pattern.compile(pattern, Pattern.DOTALL).matcher(answer).find(), "regex " + pattern);
        }
    }

    /** Each word or phrase must occur as whole words, ignoring case; each one is a requirement of its own. */
    public record Include(List<String> words) implements Check {
        public Include {
            words = CheckJson.requireTexts("include", words);
        }

        public String key() {
            return "include";
        }

        public Object json() {
            return words;
        }

        public Tally check(String answer) {
            return each(words, w -> Answers.hasPhrase(answer, w), w -> "says '" + w + "'", w -> "lacks '" + w + "'");
        }
    }

    /** None of the words or phrases may occur (whole words, ignoring case); each one is a requirement of its own. */
    public record Exclude(List<String> words) implements Check {
        public Exclude {
            words = CheckJson.requireTexts("exclude", words);
        }

        public String key() {
            return "exclude";
        }

        public Object json() {
            return words;
        }

        public Tally check(String answer) {
            return each(words, w -> !Answers.hasPhrase(answer, w), w -> "avoids '" + w + "'",
                    w -> "uses forbidden '" + w + "'");
        }
    }

    /** No upper-case letter anywhere, and at least one letter. */
    public record Lowercase() implements Check {
        public String key() {
            return "lowercase";
        }

        public Object json() {
            return Boolean.TRUE;
        }

        public Tally check(String answer) {
            boolean letters = answer.codePoints().anyMatch(Character::isLetter);
            long upper = answer.codePoints().filter(Character::isUpperCase).count();
            return Tally.one(letters && upper == 0, letters && upper == 0 ? "all lowercase"
                    : letters ? "not all lowercase (" + upper + " capital letters)" : "no letters to be lowercase");
        }
    }

    /** A title wrapped in double angular brackets, such as {@code <<a poem of joy>>}, with some text inside. */
    public record Title() implements Check {
        private static final Pattern TITLE = Pattern.compile("<<[^<>\\n]*[\\p{L}\\p{N}][^<>\\n]*>>");

        public String key() {
            return "title";
        }

        public Object json() {
            return Boolean.TRUE;
        }

        public Tally check(String answer) {
            return Tally.one(TITLE.matcher(answer).find(), TITLE.matcher(answer).find()
                    ? "has a <<title>>" : "lacks a title in <<double angular brackets>>");
        }
    }

    static Check.Tally each(List<String> items, java.util.function.Predicate<String> ok,
                            java.util.function.Function<String, String> foundNote,
                            java.util.function.Function<String, String> missNote) {
        List<String> missed = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (String w : items) {
            if (ok.test(w)) {
                found.add(foundNote.apply(w));
            } else {
                missed.add(missNote.apply(w));
            }
        }
        return new Check.Tally(found.size(), items.size(), missed, found);
    }

}
