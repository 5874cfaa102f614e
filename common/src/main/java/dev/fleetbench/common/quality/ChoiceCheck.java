package dev.fleetbench.common.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short answer that must be one word or phrase, optionally out of given options. JSON:
 * {@code choice: {answer: Carol, options: [Alice, Bob, Carol]}} or just {@code choice: yes}.
 *
 * <p>Which option the answer chose: the text after the last "answer is" / "answer:" if there is one (then its first
 * clause decides), else the whole answer; if it names only one option, that one; else the option of the last sentence or clause (split also at
 * "so", "therefore", "thus", "hence") that names exactly one option (reasoning ends in its conclusion); else the only option named in the answer's first clause (up to
 * the first comma or stop), as in "Cara, because Anna and Ben agree". Naming several options without any of these is no choice.
 * Without options, the answer word must occur (whole words, any case) and be all the answer says after a marker, or
 * the answer must start with it, or be at most a short sentence containing it.
 *
 * @param answer  the right answer; never blank
 * @param options the options offered in the prompt, including {@code answer}; may be empty
 */
public record ChoiceCheck(String answer, List<String> options) implements Check {

    private static final Pattern MARKER = Pattern.compile("(?i)answer\\s*(?:is|:)\\s*");
    /** Sentences and clauses: a conclusion often follows "so" or "therefore" inside one sentence. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("(?i)[.!?;\\n]|\\b(?:so|therefore|thus|hence)\\b");
    private static final Pattern FIRST_PART_BREAK = Pattern.compile("[,.!?;:(\\n]");
    private static final int SHORT_ANSWER_WORDS = 12;

    public ChoiceCheck {
        CheckJson.requireText("choice.answer", answer);
        options = options == null || options.isEmpty() ? List.of() : CheckJson.requireTexts("choice.options", options);
        if (!options.isEmpty() && options.stream().noneMatch(o -> o.equalsIgnoreCase(answer))) {
            throw new IllegalArgumentException("expect.choice: answer '" + answer + "' is not one of the options "
                    + options);
        }
    }

    public String key() {
        return "choice";
    }

    public Object json() {
        if (options.isEmpty()) {
            return answer;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer", answer);
        m.put("options", options);
        return m;
    }

    public Tally check(String text) {
        String region = text;
        Matcher m = MARKER.matcher(text);
        int after = -1;
        while (m.find()) {
            after = m.end();
        }
        if (after >= 0) {
            region = text.substring(after);
        }
        String chosen = options.isEmpty() ? chosenWord(region, after >= 0) : chosenOption(region, after >= 0);
        if (chosen == null) {
            return Tally.one(false, "no clear answer" + (options.isEmpty() ? "" : " among " + options)
                    + ", expected " + answer);
        }
        boolean ok = chosen.equalsIgnoreCase(answer);
        return Tally.one(ok, "answered " + chosen + (ok ? "" : ", expected " + answer));
    }

    private String chosenWord(String region, boolean marked) {
        if (!Answers.hasPhrase(region, answer)) {
            return Answers.words(region).isEmpty() ? null : "'" + shorten(region) + "'";
        }
        String lower = region.strip().toLowerCase(Locale.ROOT);
        boolean starts = lower.startsWith(answer.toLowerCase(Locale.ROOT));
        return marked || starts || Answers.words(region).size() <= SHORT_ANSWER_WORDS ? answer
                : "'" + shorten(region) + "' (a long text, not a short answer)";
    }

    private String chosenOption(String region, boolean marked) {
        List<String> named = named(region);
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.isEmpty()) {
            return null;
        }
        String first = firstPart(region);
        if (marked && first != null) {
            return first;
        }
        List<List<String>> perSentence = new ArrayList<>();
        for (String clause : CLAUSE_BREAK.split(region)) {
            List<String> n = named(clause);
            if (!n.isEmpty()) {
                perSentence.add(n);
            }
        }
        for (int i = perSentence.size() - 1; i >= 0; i--) {
            if (perSentence.get(i).size() == 1) {
                return perSentence.get(i).get(0);
            }
        }
        return first;
    }

    /** The only option named in the first clause, or null. */
    private String firstPart(String region) {
        for (String part : FIRST_PART_BREAK.split(region.strip())) {
            if (!part.isBlank()) {
                List<String> first = named(part);
                return first.size() == 1 ? first.get(0) : null;
            }
        }
        return null;
    }

    private List<String> named(String text) {
        return options.stream().filter(o -> Answers.hasPhrase(text, o)).toList();
    }

    private static String shorten(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 40 ? t : t.substring(0, 40) + "…";
    }
}
