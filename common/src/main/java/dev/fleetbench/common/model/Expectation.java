package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fleetbench.common.quality.Answers;
import dev.fleetbench.common.quality.Check;
import dev.fleetbench.common.quality.CheckJson;
import dev.fleetbench.common.quality.QualityScore;
import dev.fleetbench.common.quality.TextChecks;
import dev.fleetbench.common.quality.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic quality check on an answer: one or more requirements of the kinds in
 * {@link dev.fleetbench.common.quality} (exact text, substring, regex, counts of words / sentences / bullets, required
 * and forbidden words, lowercase, JSON keys, a title, the language, a number, a choice, a Python function, key
 * facts). In JSON it is an object with one key per kind, e.g. {@code {"regex": "..."}} or
 * {@code {"words": {"max": 50}, "include": ["edge"]}}; a bare string means "contains". Thread-safe and immutable.
 *
 * <p>Before checking, a reasoning model's thinking and trailing white space are removed ({@link Answers#finalPart}).
 * The score is the share of requirements met over all kinds.
 *
 * @param checks the requirements, in the order written; not empty, at most one per kind
 */
public record Expectation(List<Check> checks) {

    public Expectation {
        if (checks == null || checks.isEmpty()) {
            throw new IllegalArgumentException("expect needs at least one check; known checks are "
                    + String.join(", ", CheckJson.KEYS));
        }
        checks = List.copyOf(checks);
        Set<String> seen = new HashSet<>();
        for (Check c : checks) {
            if (!seen.add(c.key())) {
                throw new IllegalArgumentException("expect: check '" + c.key() + "' is given twice");
            }
        }
    }

    /** One check. */
    public static Expectation of(Check check) {
        return new Expectation(List.of(check));
    }

    public static Expectation exact(String text) {
        return of(new TextChecks.Exact(text));
    }

    public static Expectation contains(String text) {
        return of(new TextChecks.Contains(text));
    }

    public static Expectation regex(String pattern) {
        return of(new TextChecks.Regex(pattern));
    }

    /** True when the answer passes every requirement (the verdict of {@link #score} is pass). */
    public boolean matches(String answer) {
        return score(answer).verdict() == Verdict.PASS;
    }

    /**
     * The answer's score: requirements met over requirements asked, with a reason naming what is missing (or, on a
     * pass, what was found). An empty answer (or one that is only thinking) fails outright, even where it would
     * meet a requirement such as a forbidden word or a maximum length.
     */
    public QualityScore score(String answer) {
        String text = Answers.finalPart(answer);
        if (text.isBlank()) {
            return QualityScore.fail(answer == null || answer.isBlank() ? "empty answer"
                    : "empty answer (nothing after the thinking)");
        }
        int met = 0;
        int total = 0;
        List<String> missed = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Check c : checks) {
            Check.Tally t = c.check(text);
            met += t.met();
            total += t.total();
            missed.addAll(t.missed());
            found.addAll(t.found());
        }
        if (met == total) {
            return QualityScore.pass(total == 1 ? found.get(0) : "all " + total + " met: " + String.join("; ", found));
        }
        String head = total == 1 ? "" : met + " of " + total + " met; ";
        return QualityScore.partial(met, total, head + "missing: " + String.join("; ", missed));
    }

    /** A stable text form of every requirement (for {@link PromptSet#version()}). */
    public String canonical() {
        if (checks.size() == 1 && checks.get(0) instanceof TextChecks.Exact e) {
            return "EXACT:" + e.text(); // the form prompt set versions used before other kinds existed
        }
        if (checks.size() == 1 && checks.get(0) instanceof TextChecks.Contains c) {
            return "CONTAINS:" + c.text();
        }
        if (checks.size() == 1 && checks.get(0) instanceof TextChecks.Regex r) {
            return "REGEX:" + r.pattern();
        }
        StringBuilder b = new StringBuilder();
        for (Check c : checks) {
            b.append(c.key()).append('=').append(canonical(c.json())).append('\u0002');
        }
        return b.toString();
    }

    private static String canonical(Object json) {
        if (json instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(k).append(':').append(canonical(v)).append(','));
            return b.append('}').toString();
        }
        if (json instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            l.forEach(v -> b.append(canonical(v)).append(','));
            return b.append(']').toString();
        }
        return json instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'
                : String.valueOf(json);
    }

    @JsonValue
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        checks.forEach(c -> m.put(c.key(), c.json()));
        return m;
    }

    /** Reads a bare string (contains) or an object with one key per check kind. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Expectation fromJson(Object json) {
        if (json instanceof String s) {
            return contains(s);
        }
        if (json instanceof Map<?, ?> map && !map.isEmpty()) {
            List<Check> checks = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                checks.add(CheckJson.read(String.valueOf(e.getKey()), e.getValue()));
            }
            return new Expectation(checks);
        }
        throw new IllegalArgumentException("expect must be a string or an object with one or more of "
                + String.join(", ", CheckJson.KEYS));
    }
}
