package dev.fleetbench.common.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Expectation;
import org.junit.jupiter.api.Test;

/** Every check kind on hand-written answers: right, wrong, partly right, and the awkward ones. */
class ChecksTest {

    private static QualityScore score(String expectJson, String answer) {
        return Json.read(expectJson, Expectation.class).score(answer);
    }

    private static void pass(String expectJson, String answer) {
        QualityScore s = score(expectJson, answer);
        assertThat(s.verdict()).as(expectJson + " on «" + answer + "»: " + s.reason()).isEqualTo(Verdict.PASS);
        assertThat(s.score()).isEqualTo(1.0);
    }

    private static QualityScore fail(String expectJson, String answer) {
        QualityScore s = score(expectJson, answer);
        assertThat(s.verdict()).as(expectJson + " on «" + answer + "»: " + s.reason()).isEqualTo(Verdict.FAIL);
        assertThat(s.score()).isZero();
        return s;
    }

    @Test
    void oldKindsKeepTheirMeaning() {
        pass("{\"exact\":\", there was\"}", "  , there was\n");
        fail("{\"exact\":\", there was\"}", ", there was a");
        pass("{\"contains\":\"Lily\"}", "a girl named Lily.");
        fail("{\"contains\":\"lily\"}", "a girl named Lily.");
        pass("{\"regex\":\"def \\\\w+\\\\(\"}", "```python\ndef sort_list(xs):");
        assertThat(fail("{\"contains\":\"Lily\"}", "a girl named Anna.").reason()).contains("contains Lily");
    }

    @Test
    void wordSentenceAndBulletCounts() {
        pass("{\"words\":{\"min\":3,\"max\":5}}", "Edge AI runs locally.");
        assertThat(fail("{\"words\":{\"max\":3}}", "Edge AI runs on the device.").reason())
                .contains("6 words, asked at most 3");
        pass("{\"words\":{\"min\":2}}", "don't stop");
        pass("{\"sentences\":{\"min\":2,\"max\":2}}", "It is fast. It is private!");
        fail("{\"sentences\":{\"max\":1}}", "It is fast. It is private. It is cheap.");
        pass("{\"sentences\":{\"max\":1}}", "Version 2.5 is fast, e.g. on a laptop");
        pass("{\"bullets\":{\"min\":3,\"max\":3}}", "Benefits:\n* privacy\n* speed\n- cost");
        pass("{\"bullets\":3}", "1. privacy\n2. speed\n3) cost\n");
        assertThat(fail("{\"bullets\":{\"min\":3,\"max\":3}}", "* privacy\n* speed").reason())
                .contains("2 bullets, asked exactly 3");
        fail("{\"bullets\":{\"min\":1}}", "**bold** is not a bullet");
    }

    @Test
    void requiredAndForbiddenWordsLowercaseAndTitle() {
        pass("{\"include\":[\"agenda\",\"next week\"]}", "The Agenda moves to next\nweek.");
        QualityScore half = score("{\"include\":[\"agenda\",\"Friday\"]}", "The agenda is ready.");
        assertThat(half.verdict()).isEqualTo(Verdict.PARTIAL);
        assertThat(half.score()).isEqualTo(0.5);
        assertThat(half.reason()).contains("1 of 2 met").contains("lacks 'Friday'");
        fail("{\"include\":[\"cat\"]}", "concatenate"); // whole words only
        pass("{\"exclude\":[\"blue\"]}", "The bluebird sings.");
        assertThat(fail("{\"exclude\":[\"blue\"]}", "A Blue sea.").reason()).contains("forbidden 'blue'");
        pass("{\"lowercase\":true}", "all quiet. 42 birds.");
        fail("{\"lowercase\":true}", "All quiet.");
        fail("{\"lowercase\":true}", "42");
        pass("{\"title\":true}", "<<The Sea at Dawn>>\nWaves roll in.");
        fail("{\"title\":true}", "The Sea at Dawn\nWaves roll in.");
        fail("{\"title\":true}", "<<>> nothing inside");
    }

    @Test
    void jsonInPlaceInProseOrInAFence() {
        String keys = "{\"json\":{\"keys\":[\"title\",\"author\"]}}";
        pass(keys, "{\"title\": \"Emma\", \"author\": \"Jane Austen\"}");
        pass(keys, "Sure! Here it is:\n```json\n{\"title\": \"Emma\", \"author\": \"Jane Austen\"}\n```\nEnjoy.");
        pass(keys, "Here is the object: {\"title\": \"Emma\", \"author\": \"Jane Austen\", \"year\": 1815} as asked.");
        QualityScore missing = score(keys, "{\"title\": \"Emma\"}");
        assertThat(missing.verdict()).isEqualTo(Verdict.PARTIAL);
        assertThat(missing.reason()).contains("lacks key 'author'");
        assertThat(fail(keys, "{title: Emma, author: Austen}").reason()).contains("no JSON object that parses");
        fail(keys, "[\"title\", \"author\"]");
        pass("{\"json\":true}", "{}");
        pass(keys, "Use {curly braces}. Result: {\"title\": \"A {b}\", \"author\": \"C\"} - done {ok}");
    }

    @Test
    void languageByScriptOrFunctionWords() {
        pass("{\"language\":\"fr\"}", "Le sommeil est important pour la santé et pour la mémoire.");
        assertThat(fail("{\"language\":\"fr\"}", "Sleep is important for the body and for the mind.").reason())
                .contains("language en, asked fr");
        pass("{\"language\":\"de\"}", "Der Schlaf ist wichtig, weil sich der Körper und das Gehirn erholen.");
        pass("{\"language\":\"es\"}", "El sueño es muy importante para la salud y para la memoria.");
        pass("{\"language\":\"ru\"}", "Сон очень важен для здоровья.");
        pass("{\"language\":\"ja\"}", "睡眠は健康にとても大切です。");
        pass("{\"language\":\"zh\"}", "睡眠对健康非常重要。");
        assertThat(fail("{\"language\":\"fr\"}", "Ok.").reason()).contains("not detectable");
    }

    @Test
    void numbersInEveryCommonWriting() {
        String n = "{\"number\":42}";
        pass(n, "42");
        pass(n, "42.0");
        pass(n, "The answer is 42.");
        pass(n, "forty-two");
        pass(n, "There are 6 crates of 7, so 6 × 7 = 42 apples.");
        pass(n, "Step 1: 6 × 7 = 42. **42**");
        pass(n, "\\boxed{42} (checked with 7 + 35)");
        pass(n, "The answer is 42, because 6 rows of 7 make 42 and 3 are spare.");
        pass("{\"number\":1234}", "It costs $1,234 in total.");
        pass("{\"number\":2.5}", "2.50 hours");
        pass("{\"number\":305}", "three hundred and five");
        pass("{\"number\":12300}", "twelve thousand three hundred");
        assertThat(fail(n, "The answer is 41.").reason()).contains("answered 41, expected 42");
        assertThat(fail(n, "I do not know.").reason()).contains("no number");
        fail(n, "42 is a nice number, but 6 × 7 gives 48.");
    }

    @Test
    void choicesAmongOptionsAndSingleWords() {
        String liar = "{\"choice\":{\"answer\":\"Cara\",\"options\":[\"Anna\",\"Ben\",\"Cara\"]}}";
        pass(liar, "Cara");
        pass(liar, "Cara broke the vase.");
        pass(liar, "If Anna did it, two statements are true. If Ben did it, two are true. So it was Cara.");
        pass(liar, "Ben tells the truth, so Cara broke it.");
        pass(liar, "Answer: Cara (Anna and Ben are lying about it)");
        assertThat(fail(liar, "Ben broke the vase.").reason()).contains("answered Ben, expected Cara");
        assertThat(fail(liar, "Anna or Cara.").reason()).contains("no clear answer");
        fail(liar, "I cannot tell.");
        pass("{\"choice\":\"yes\"}", "Yes, all bloops are lazzies.");
        fail("{\"choice\":\"yes\"}", "No.");
        pass("{\"choice\":\"48\"}", "48");
        fail("{\"choice\":\"48\"}", "It could be 48 or maybe 64 or something else entirely, depending on the rule used here.");
    }

    @Test
    void factsOfASummary() {
        String facts = "{\"words\":{\"max\":20},\"facts\":[[\"Ahab\",\"captain\"],[\"white whale\",\"Moby Dick\"]]}";
        pass(facts, "Captain Ahab hunts the white whale.");
        QualityScore partly = score(facts, "A sailor goes to sea and hunts Moby Dick.");
        assertThat(partly.verdict()).isEqualTo(Verdict.PARTIAL);
        assertThat(partly.score()).isEqualTo(2 / 3.0);
        assertThat(partly.reason()).contains("lacks any of 'Ahab' / 'captain'");
        QualityScore tooLong = score(facts, "Captain Ahab " + "hunts and hunts ".repeat(10) + "the white whale.");
        assertThat(tooLong.score()).isEqualTo(2 / 3.0);
        assertThat(tooLong.reason()).contains("asked at most 20");
    }

    @Test
    void thinkingAndFinalAnswerMarkersAreRemoved() {
        String n = "{\"number\":42}";
        pass(n, "<think>Maybe 41? No: 6 × 7 = 42, minus nothing.</think>\n42");
        fail(n, "<think>The answer is 42.</think>\nI am not sure.");
        fail(n, "<think>6 × 7 = 42 ... still thinking when the tokens ran out");
        pass(n, "Okay, so 6 times 7 is 42, or wait, 43? No.</think>The answer is 42.");
        pass(n, "Let me work it out: 6 × 7 = 41 + 1.\n\nFinal answer: 42");
        pass("{\"lowercase\":true}", "<think>The User wants Lowercase.</think>\nhere you are.");
        pass("{\"exact\":\"yes\"}", "<think>hmm</think>\n\n  yes  \n\n\t");
    }

    @Test
    void emptyAndHugeAnswers() {
        assertThat(fail("{\"exclude\":[\"blue\"]}", "").reason()).contains("empty answer");
        fail("{\"words\":{\"max\":50}}", "   ");
        assertThat(fail("{\"number\":1}", "<think>it is 1</think>\n  ").reason())
                .isEqualTo("empty answer (nothing after the thinking)");
        fail("{\"number\":1}", null);
        String huge = "word ".repeat(200_000) + "42";
        long start = System.nanoTime();
        QualityScore s = score("{\"number\":42,\"words\":{\"max\":100}}", huge);
        assertThat(s.verdict()).isEqualTo(Verdict.FAIL); // cut to 64 KiB: the 42 at the end is not read
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    @Test
    void severalConstraintsGiveAPartialScoreNamingWhatIsMissing() {
        QualityScore s = score("{\"words\":{\"max\":10},\"lowercase\":true,\"include\":[\"edge\"],\"title\":true}",
                "<<Edge>> edge ai runs on your device.");
        assertThat(s.verdict()).isEqualTo(Verdict.PARTIAL);
        assertThat(s.score()).isEqualTo(0.75);
        assertThat(s.reason()).isEqualTo("3 of 4 met; missing: not all lowercase (1 capital letters)");
        assertThat(Json.read("{\"words\":{\"max\":10},\"lowercase\":true}", Expectation.class)
                .matches("Edge ai")).isFalse();
    }
    @Test
    void pythonFunctionsParsedNeverRun() {
        String pal = "{\"python\":{\"function\":\"is_palindrome\",\"arity\":1,\"keywords\":[\"return\",\"lower\"]}}";
        pass(pal, "```python\ndef is_palindrome(text):\n    t = text.lower()\n    return t == t[::-1]\n```");
        pass(pal, "Sure! Here is the function:\n\n```\n    def is_palindrome(s):\n        s = s.lower()\n"
                + "        return s == s[::-1]\n```\n\nIt compares the text with its reverse.");
        pass(pal, "Here is a solution:\ndef is_palindrome(s):\n    return s.lower() == s.lower()[::-1]\n");
        pass(pal, "```python\nclass Solution:\n    def is_palindrome(self, s: str) -> bool:\n"
                + "        return s.lower() == s[::-1].lower()\n```");
        QualityScore arity = score(pal, "```python\ndef is_palindrome(a, b):\n    return a.lower() == b\n```");
        assertThat(arity.verdict()).isEqualTo(Verdict.PARTIAL);
        assertThat(arity.reason()).contains("does not take 1 positional argument");
        QualityScore name = score(pal, "```python\ndef palindrome(s):\n    return s.lower() == s[::-1]\n```");
        assertThat(name.score()).isEqualTo(3 / 5.0);
        assertThat(name.reason()).contains("no function 'is_palindrome' (defines palindrome)");
        QualityScore broken = score(pal, "```python\ndef is_palindrome(s)\n    return s.lower() == s[::-1]\n```");
        assertThat(broken.reason()).contains("code does not parse (line 1:");
        assertThat(broken.verdict()).isNotEqualTo(Verdict.PASS);
        QualityScore regexWouldPass = score(pal, "```python\ndef is_palindrome(text):\n    return text ? lower : 0\n```");
        assertThat(regexWouldPass.reason()).contains("does not parse");
        QualityScore noKeyword = score(pal, "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```");
        assertThat(noKeyword.score()).isEqualTo(4 / 5.0);
        assertThat(noKeyword.reason()).contains("lacks 'lower'");
        assertThat(fail(pal, "A palindrome reads the same both ways.").reason()).contains("does not parse");
        fail(pal, "");
        // Parsed, not run: a program that would never end or would exit the JVM is only read.
        pass("{\"python\":{\"function\":\"forever\",\"arity\":0}}",
                "```python\nimport sys\ndef forever():\n    while True:\n        pass\nforever()\nsys.exit(1)\n```");
        pass("{\"python\":{\"function\":\"f\",\"arity\":2}}",
                "```js\nfunction f(a) {}\n```\n```python\ndef f(a, b=0):\n    return a\n```");
    }
}
