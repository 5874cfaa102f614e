package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code reasoning-logic}: short puzzles with one checkable word as the answer (a name, a day, yes or no). The seed
 * picks names, days and offsets; every answer is derived here from the puzzle's rule, not written by hand.
 */
final class LogicSuite {

    static final String NAME = "reasoning-logic";
    static final String LICENSE = "FleetBench's own license (tasks written for FleetBench)";
    private static final int TOKENS = 256;
    private static final List<String> PEOPLE = List.of("Anna", "Ben", "Cara", "David", "Elif", "Femi", "Greta", "Hugo");
    private static final List<String> WEEK =
            List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

    private LogicSuite() {
    }

    static List<Task> tasks(long seed) {
        Random r = new Random(seed);
        List<String> p = new ArrayList<>(PEOPLE);
        Collections.shuffle(p, r);
        List<Task> out = new ArrayList<>();

        // Ordering: p0 > p1 > p2 in height, stated out of order.
        out.add(task(out, p.get(1) + " is taller than " + p.get(2) + ". " + p.get(0) + " is taller than " + p.get(1)
                        + ". Who is the shortest of " + p.get(0) + ", " + p.get(1) + " and " + p.get(2) + "?",
                p.get(2), List.of(p.get(0), p.get(1), p.get(2)),
                p.get(0) + " is taller than " + p.get(1) + ", who is taller than " + p.get(2) + ". So the shortest is "
                        + p.get(2) + "."));

        // Exactly one truth-teller: only "the third broke it" makes one statement true.
        String a = p.get(3);
        String b = p.get(4);
        String c = p.get(5);
        out.add(task(out, "One of " + a + ", " + b + " and " + c + " broke the vase. " + a + " says: \"" + b
                        + " did it.\" " + b + " says: \"I did not do it.\" " + c + " says: \"I did not do it.\" "
                        + "Exactly one of them tells the truth. Who broke the vase?",
                c, List.of(a, b, c),
                "<think>If " + b + " did it, two statements are true. If " + a + " did it, two are true. If " + c
                        + " did it, only " + b + " tells the truth.</think>\n" + c + " broke the vase."));

        int today = r.nextInt(7);
        int ahead = 8 + r.nextInt(20);
        out.add(task(out, "Today is " + WEEK.get(today) + ". What day of the week will it be in " + ahead
                        + " days?", WEEK.get((today + ahead) % 7), WEEK,
                ahead + " days is " + ahead / 7 + " weeks and " + ahead % 7 + " days, so the answer is "
                        + WEEK.get((today + ahead) % 7) + "."));

        out.add(task(out, "All bloops are razzies and all razzies are lazzies. Are all bloops definitely lazzies? "
                        + "Answer yes or no.", "yes", List.of("yes", "no"),
                "Yes. Every bloop is a razzie, and every razzie is a lazzie."));

        out.add(task(out, "All roses are flowers. Some flowers fade quickly. Does it follow that some roses fade "
                        + "quickly? Answer yes or no.", "no", List.of("yes", "no"),
                "No: the flowers that fade quickly need not be roses."));

        int start = 2 + r.nextInt(4);
        int factor = 2 + r.nextInt(2);
        long[] seq = {start, (long) start * factor, (long) start * factor * factor, (long) start * factor * factor * factor};
        long next = seq[3] * factor;
        out.add(task(out, "What number comes next: " + seq[0] + ", " + seq[1] + ", " + seq[2] + ", " + seq[3]
                        + ", ...? Answer with the number only.", Long.toString(next), List.of(),
                Long.toString(next)));
        return out;
    }

    private static Task task(List<Task> before, String text, String answer, List<String> options, String reference) {
        StringBuilder json = new StringBuilder("{\"choice\": {\"answer\": \"").append(answer).append('"');
        if (!options.isEmpty()) {
            json.append(", \"options\": [");
            for (int i = 0; i < options.size(); i++) {
                json.append(i == 0 ? "\"" : ", \"").append(options.get(i)).append('"');
            }
            json.append(']');
        }
        json.append("}}");
        return new Task(new PromptSpec(Suites.id(NAME, before.size() + 1), UseCase.REASONING, text, TOKENS,
                SuiteJson.expectation(json.toString())), reference);
    }
}
