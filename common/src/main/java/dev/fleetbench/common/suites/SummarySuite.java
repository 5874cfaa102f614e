package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.List;

/**
 * {@code summarization-passages}: passages from public-domain texts (and one written for FleetBench), each to be
 * summarized within a word limit while keeping its key facts. Sources are named on every passage here and in
 * {@code SOURCES.md}. The passages do not change with the seed; the suite's version still does.
 */
final class SummarySuite {

    static final String NAME = "summarization-passages";
    static final String SOURCE = "Abraham Lincoln, Gettysburg Address (1863, Bliss copy); Preamble of the "
            + "Constitution of the United States (1787); three fables from Joseph Jacobs, The Fables of Aesop (1894); "
            + "one passage written for FleetBench";
    static final String LICENSE = "public domain (the historical texts); FleetBench's own license (the written "
            + "passage and all checks)";
    private static final int TOKENS = 160;

    /** Public domain: Abraham Lincoln, Gettysburg Address, 19 November 1863 (the Bliss copy). */
    static final String GETTYSBURG = "Four score and seven years ago our fathers brought forth on this continent, a "
            + "new nation, conceived in Liberty, and dedicated to the proposition that all men are created equal.\n\n"
            + "Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and "
            + "so dedicated, can long endure. We are met on a great battle-field of that war. We have come to "
            + "dedicate a portion of that field, as a final resting place for those who here gave their lives that "
            + "that nation might live. It is altogether fitting and proper that we should do this.\n\n"
            + "But, in a larger sense, we can not dedicate\u2014we can not consecrate\u2014we can not hallow\u2014"
            + "this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our "
            + "poor power to add or detract. The world will little note, nor long remember what we say here, but it "
            + "can never forget what they did here. It is for us the living, rather, to be dedicated here to the "
            + "unfinished work which they who fought here have thus far so nobly advanced. It is rather for us to be "
            + "here dedicated to the great task remaining before us\u2014that from these honored dead we take "
            + "increased devotion to that cause for which they gave the last full measure of devotion\u2014that we "
            + "here highly resolve that these dead shall not have died in vain\u2014that this nation, under God, "
            + "shall have a new birth of freedom\u2014and that government of the people, by the people, for the "
            + "people, shall not perish from the earth.";

    /** Public domain: Preamble of the Constitution of the United States, 1787. */
    static final String PREAMBLE = "We the People of the United States, in Order to form a more perfect Union, "
            + "establish Justice, insure domestic Tranquility, provide for the common defence, promote the general "
            + "Welfare, and secure the Blessings of Liberty to ourselves and our Posterity, do ordain and establish "
            + "this Constitution for the United States of America.";

    /** Public domain: "The Fox and the Grapes", Joseph Jacobs, The Fables of Aesop, 1894. */
    static final String FOX = "One hot summer's day a Fox was strolling through an orchard till he came to a bunch "
            + "of Grapes just ripening on a vine which had been trained over a lofty branch. \"Just the thing to "
            + "quench my thirst,\" quoth he. Drawing back a few paces, he took a run and a jump, and just missed the "
            + "bunch. Turning round again with a One, Two, Three, he jumped up, but with no greater success. Again "
            + "and again he tried after the tempting morsel, but at last had to give it up, and walked away with his "
            + "nose in the air, saying: \"I am sure they are sour.\" It is easy to despise what you cannot get.";

    /** Public domain: "The Wind and the Sun", Joseph Jacobs, The Fables of Aesop, 1894. */
    static final String WIND = "The Wind and the Sun were disputing which was the stronger. Suddenly they saw a "
            + "traveller coming down the road, and the Sun said: \"I see a way to decide our dispute. Whichever of us "
            + "can cause that traveller to take off his cloak shall be regarded as the stronger. You begin.\" So the "
            + "Sun retired behind a cloud, and the Wind began to blow as hard as it could upon the traveller. But the "
            + "harder he blew the more closely did the traveller wrap his cloak round him, till at last the Wind had "
            + "to give up in despair. Then the Sun came out and shone in all his glory upon the traveller, who soon "
            + "found it too hot to walk with his cloak on. Kindness effects more than severity.";

    /** Public domain: "The Hare and the Tortoise", Joseph Jacobs, The Fables of Aesop, 1894. */
    static final String HARE = "The Hare was once boasting of his speed before the other animals. \"I have never yet "
            + "been beaten,\" said he, \"when I put forth my full speed. I challenge any one here to race with me.\" "
            + "The Tortoise said quietly, \"I accept your challenge.\" \"That is a good joke,\" said the Hare; \"I "
            + "could dance round you all the way.\" \"Keep your boasting till you've beaten,\" answered the Tortoise. "
            + "\"Shall we race?\" So a course was fixed and a start was made. The Hare darted almost out of sight at "
            + "once, but soon stopped and, to show his contempt for the Tortoise, lay down to have a nap. The "
            + "Tortoise plodded on and plodded on, and when the Hare awoke from his nap, he saw the Tortoise just "
            + "near the winning-post and could not run up in time to save the race. Then said the Tortoise: "
            + "\"Plodding wins the race.\"";

    /** Written for FleetBench. */
    static final String LOCAL_MODELS = "Running a language model directly on a laptop or a lab PC changes what the "
            + "model is good for. Because prompts and answers never leave the machine, sensitive data stays "
            + "private, and the model keeps working when the network is down. There is no round trip to a data "
            + "centre, so the first words of an answer can appear with very little delay. The price is paid in "
            + "memory and power: a model must fit in the machine's RAM, and a small model on a small device answers "
            + "more slowly and less well than a large one in the cloud. Choosing a model is therefore a trade-off "
            + "between quality, speed and the hardware at hand.";

    private SummarySuite() {
    }

    static List<Task> tasks(long seed) {
        return List.of(
                task(1, 50, "", GETTYSBURG,
                        "[[\"war\"], [\"nation\", \"country\"], [\"dead\", \"died\", \"fallen\", \"soldiers\", "
                                + "\"gave their lives\"], [\"freedom\", \"liberty\"], [\"people\"]]",
                        "Lincoln recalls that the nation was founded on liberty and equality, honours the soldiers "
                                + "who died in the civil war, and asks the living to finish their work so that the "
                                + "nation has a new birth of freedom and government by the people endures."),
                task(2, 30, " Use one sentence.", PREAMBLE,
                        "[[\"Constitution\"], [\"people\"], [\"justice\"], [\"liberty\", \"freedom\"], "
                                + "[\"defence\", \"defense\"]]",
                        "The people of the United States establish the Constitution to form a better union and to "
                                + "secure justice, peace, the common defence, welfare and liberty."),
                task(3, 30, "", FOX,
                        "[[\"fox\"], [\"grapes\"], [\"sour\"], [\"reach\", \"jump\", \"jumps\", \"jumped\", "
                                + "\"missed\", \"cannot\", \"could not\", \"failed\", \"fails\"]]",
                        "A fox jumps again and again for grapes he cannot reach, then walks away saying they are "
                                + "sour: it is easy to despise what you cannot get."),
                task(4, 30, "", WIND,
                        "[[\"wind\"], [\"sun\"], [\"cloak\", \"coat\"], [\"kindness\", \"kind\", \"gentle\", "
                                + "\"gentleness\", \"warmth\", \"persuasion\"]]",
                        "The Wind and the Sun compete to make a traveller remove his cloak; blowing fails but the "
                                + "Sun's warmth succeeds, so kindness achieves more than severity."),
                task(5, 30, "", HARE,
                        "[[\"hare\"], [\"tortoise\"], [\"race\"], [\"nap\", \"sleep\", \"slept\", \"asleep\", "
                                + "\"rest\", \"rests\"]]",
                        "The boastful Hare races the Tortoise, stops for a nap and loses, because the Tortoise keeps "
                                + "plodding on: steady effort wins the race."),
                task(6, 45, "", LOCAL_MODELS,
                        "[[\"private\", \"privacy\", \"data stays\"], [\"network\", \"offline\", \"internet\", "
                                + "\"connection\"], [\"delay\", \"latency\", \"fast\", \"quick\", \"quickly\"], "
                                + "[\"memory\", \"RAM\"]]",
                        "Running a model locally keeps data private, works without a network and answers with "
                                + "little delay, but the model must fit in memory, and small devices answer more "
                                + "slowly and less well, so choosing one is a trade-off."));
    }

    private static Task task(int n, int maxWords, String extra, String passage, String factsJson, String reference) {
        String text = "Summarize the following passage in at most " + maxWords + " words." + extra
                + " Keep its key facts.\n\n" + passage;
        String expect = "{\"words\": {\"max\": " + maxWords + "}, "
                + (extra.isEmpty() ? "" : "\"sentences\": {\"max\": 1}, ") + "\"facts\": " + factsJson + "}";
        return new Task(new PromptSpec(Suites.id(NAME, n), UseCase.SUMMARIZATION, text, TOKENS,
                SuiteJson.expectation(expect)), reference);
    }
}
