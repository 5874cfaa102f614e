package dev.fleetbench.common.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Key facts a summary must keep. Each fact is a list of alternative words or phrases (any one of them, as whole
 * words and in any case, keeps the fact); each fact is a requirement of its own. JSON:
 * {@code facts: [[Ahab, captain], [white whale, Moby Dick]]}; a fact with one wording may be a plain string.
 *
 * @param facts the facts, each a non-empty list of alternatives
 */
public record FactsCheck(List<List<String>> facts) implements Check {

    public FactsCheck {
        if (facts == null || facts.isEmpty()) {
            throw new IllegalArgumentException("expect.facts needs at least one fact");
        }
        List<List<String>> copy = new ArrayList<>();
        for (List<String> alternatives : facts) {
            copy.add(CheckJson.requireTexts("facts[" + copy.size() + "]", alternatives));
        }
        facts = List.copyOf(copy);
    }

    public String key() {
        return "facts";
    }

    public Object json() {
        return facts;
    }

    public Tally check(String answer) {
        List<String> missed = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (List<String> alternatives : facts) {
            String hit = alternatives.stream().filter(a -> Answers.hasPhrase(answer, a)).findFirst().orElse(null);
            if (hit != null) {
                found.add("keeps '" + hit + "'");
            } else {
                missed.add("lacks " + (alternatives.size() == 1 ? "'" + alternatives.get(0) + "'"
                        : "any of '" + String.join("' / '", alternatives) + "'"));
            }
        }
        return new Tally(found.size(), facts.size(), missed, found);
    }
}
