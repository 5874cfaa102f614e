package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code reasoning-arithmetic}: word problems with one exact whole-number answer. Every number comes from the seed,
 * so a model cannot have memorised the answers; the answer is computed here, never written by hand.
 */
final class ArithmeticSuite {

    static final String NAME = "reasoning-arithmetic";
    static final String LICENSE = "FleetBench's own license (tasks written for FleetBench)";
    private static final int TOKENS = 256;
    private static final String ASK = " Give the final answer as a single number.";
    private static final String[] NAMES = {"Mia", "Omar", "Lena", "Ravi", "Sofia", "Jonas", "Aiko", "Kwame"};

    private ArithmeticSuite() {
    }

    static List<Task> tasks(long seed) {
        Random r = new Random(seed);
        List<Task> out = new ArrayList<>();
        String who = NAMES[r.nextInt(NAMES.length)];

        int perCrate = between(r, 12, 48);
        int crates = between(r, 3, 9);
        int sold = between(r, 10, perCrate * crates - 5);
        out.add(task(out, "A crate holds " + perCrate + " apples. A shop receives " + crates + " crates and then "
                + "sells " + sold + " apples. How many apples does the shop have left?", perCrate * crates - sold,
                "The shop gets " + perCrate + " × " + crates + " = " + perCrate * crates + " apples and sells " + sold
                        + ", so " + (perCrate * crates - sold) + " are left."));

        int speed = between(r, 6, 24) * 5;
        int hours = between(r, 2, 7);
        out.add(task(out, "A train travels at a steady " + speed + " km/h for " + hours + " hours. How many "
                + "kilometres does it travel?", speed * hours,
                speed + " km/h × " + hours + " h = " + speed * hours + " km. The answer is " + speed * hours + "."));

        int count = between(r, 2, 6);
        int price = between(r, 2, 9);
        int money = count * price + between(r, 3, 40);
        out.add(task(out, who + " has " + money + " euros and buys " + count + " notebooks at " + price
                + " euros each. How many euros does " + who + " have left?", money - count * price,
                count + " × " + price + " = " + count * price + " euros spent, so " + who + " has "
                        + (money - count * price) + " euros left."));

        int ann = between(r, 8, 30);
        int older = between(r, 2, 12);
        int years = between(r, 2, 10);
        int sum = ann + (ann + older) + 2 * years;
        out.add(task(out, "Tom is " + older + " years older than Ann. In " + years + " years, the sum of their ages "
                + "will be " + sum + ". How old is Ann now?", ann,
                "<think>Let Ann be a. Then a + (a + " + older + ") + " + 2 * years + " = " + sum + ", so 2a = "
                        + 2 * ann + ".</think>\nAnn is " + ann + " years old."));

        int width = between(r, 3, 20);
        int length = width + between(r, 1, 25);
        out.add(task(out, "A rectangular garden is " + width + " m wide and " + length + " m long. A fence goes all "
                + "the way around it. How many metres of fence are needed?", 2 * (width + length),
                "The perimeter is 2 × (" + width + " + " + length + ") = " + 2 * (width + length) + " metres.\n\n"
                        + "Final answer: " + 2 * (width + length)));

        int[] percents = {10, 20, 25, 40, 50, 75};
        int percent = percents[r.nextInt(percents.length)];
        int students = between(r, 2, 12) * 20;
        out.add(task(out, "A school has " + students + " students and " + percent + "% of them walk to school. "
                + "How many students walk to school?", students * percent / 100,
                percent + "% of " + students + " is **" + students * percent / 100 + "**."));
        return out;
    }

    private static int between(Random r, int low, int high) {
        return low + r.nextInt(high - low + 1);
    }

    private static Task task(List<Task> before, String text, long answer, String reference) {
        return new Task(new PromptSpec(Suites.id(NAME, before.size() + 1), UseCase.REASONING, text + ASK, TOKENS,
                SuiteJson.expectation("{\"number\": " + answer + "}")), reference);
    }
}
