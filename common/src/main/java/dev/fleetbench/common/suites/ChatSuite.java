package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.List;
import java.util.Random;

/**
 * {@code chat-instructions}: everyday requests with constraints code can check, in the style of IFEval (word, sentence
 * and bullet counts, required and forbidden words, lowercase, JSON keys, a title, the answer's language). The seed
 * picks the topics; the constraints stay the same.
 */
final class ChatSuite {

    static final String NAME = "chat-instructions";
    static final String LICENSE = "FleetBench's own license (tasks written for FleetBench)";
    private static final int TOKENS = 160;

    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
    private static final String[][] BENEFITS = {
        {"laptop", "privacy", "no network needed", "no cloud bill"},
        {"phone", "quick replies", "works offline", "data stays on the phone"},
        {"lab PC", "low latency", "no queue", "data stays in the lab"}};
    private static final String[][] BOOKS = {
        {"Moby-Dick", "Herman Melville", "1851"}, {"Emma", "Jane Austen", "1815"},
        {"Middlemarch", "George Eliot", "1871"}, {"Dracula", "Bram Stoker", "1897"}};
    private static final String[] SKIES = {"sunrise", "sunset", "thunderstorm", "starry night"};
    private static final String[] SUBJECTS = {"the sea", "a mountain", "a river", "the forest"};

    private ChatSuite() {
    }

    static List<Task> tasks(long seed) {
        Random r = new Random(seed);
        String day = DAYS[r.nextInt(DAYS.length)];
        String[] b = BENEFITS[r.nextInt(BENEFITS.length)];
        String[] book = BOOKS[r.nextInt(BOOKS.length)];
        String sky = SKIES[r.nextInt(SKIES.length)];
        String subject = SUBJECTS[r.nextInt(SUBJECTS.length)];
        return List.of(
                task(1, "Write a short message to a colleague saying that the team meeting moves to " + day
                                + ". Use at most 50 words and include the words \"" + day + "\" and \"agenda\".",
                        "{\"words\": {\"max\": 50}, \"include\": [\"" + day + "\", \"agenda\"]}",
                        "Hi Sam, the team meeting moves to " + day + " at ten. The agenda stays the same, so please "
                                + "bring your notes. Thanks!"),
                task(2, "List exactly 3 benefits of running a language model on a " + b[0]
                                + ". Use markdown bullet points such as \"* point\" and write nothing else.",
                        "{\"bullets\": {\"min\": 3, \"max\": 3}}",
                        "* " + b[1] + "\n* " + b[2] + "\n* " + b[3]),
                task(3, "Describe a " + sky + " in two or three sentences, using only lowercase letters.",
                        "{\"sentences\": {\"min\": 2, \"max\": 3}, \"lowercase\": true}",
                        "the sky changes colour slowly over the hills. a cool wind moves through the grass. "
                                + "everything goes quiet for a moment."),
                task(4, "Give a JSON object describing the book \"" + book[0] + "\" with the keys \"title\", "
                                + "\"author\" and \"year\". Answer with the JSON object only.",
                        "{\"json\": {\"keys\": [\"title\", \"author\", \"year\"]}}",
                        "```json\n{\"title\": \"" + book[0] + "\", \"author\": \"" + book[1] + "\", \"year\": "
                                + book[2] + "}\n```"),
                task(5, "Write a four-line poem about " + subject + ". Give it a title wrapped in double angular "
                                + "brackets, like <<my title>>. Do not use the words \"blue\" or \"beautiful\".",
                        "{\"title\": true, \"exclude\": [\"blue\", \"beautiful\"], \"words\": {\"max\": 80}}",
                        "<<Morning by " + subject + ">>\nA quiet light along the way,\nthe wind is soft, the air is "
                                + "grey,\nthe hours wait and do not run,\nuntil the day has just begun."),
                task(6, "Réponds en français, en deux ou trois phrases : pourquoi est-il important de bien dormir ?",
                        "{\"language\": \"fr\", \"sentences\": {\"max\": 4}}",
                        "Le sommeil permet au corps de récupérer et au cerveau de trier les souvenirs de la journée. "
                                + "Sans un bon sommeil, la concentration et l'humeur sont moins bonnes."),
                task(7, "In one or two sentences, explain what a benchmark is. Do not use the word \"test\" and "
                                + "include the word \"measure\".",
                        "{\"sentences\": {\"max\": 2}, \"include\": [\"measure\"], \"exclude\": [\"test\"]}",
                        "A benchmark is a fixed set of tasks used to measure how fast or how well a system works. "
                                + "Running the same tasks on different systems makes them comparable."));
    }

    static Task task(int n, String text, String expectJson, String reference) {
        return new Task(new PromptSpec(Suites.id(NAME, n), UseCase.CHAT, text, TOKENS, SuiteJson.expectation(expectJson)),
                reference);
    }
}
