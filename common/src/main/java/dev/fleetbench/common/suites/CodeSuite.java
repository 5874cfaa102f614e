package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.List;
import java.util.Random;

/**
 * {@code code-python}: small Python functions of a given name and arity, checked statically (the code must parse,
 * define the function with that arity, and use the expected tokens). Generated code is never run. The seed picks
 * among equivalent wordings of some tasks (names of the numbers involved), the checks stay the same.
 */
final class CodeSuite {

    static final String NAME = "code-python";
    static final String LICENSE = "FleetBench's own license (tasks written for FleetBench)";
    private static final int TOKENS = 320;
    private static final String ASK = " Answer with the code in a ```python block.";

    private CodeSuite() {
    }

    static List<Task> tasks(long seed) {
        Random r = new Random(seed);
        int fizz = 3 + r.nextInt(3);
        int buzz = fizz + 2 + r.nextInt(3);
        return List.of(
                task(1, "Write a Python function is_palindrome(text) that returns True when text reads the same "
                                + "backwards and forwards, ignoring case, and False otherwise.",
                        "is_palindrome", 1, "[\"return\", \"lower\"]",
                        "```python\ndef is_palindrome(text):\n    t = text.lower()\n    return t == t[::-1]\n```"),
                task(2, "Write a Python function fizzbuzz(n) that returns a list of strings for the numbers 1 to n: "
                                + "\"Fizz\" for multiples of " + fizz + ", \"Buzz\" for multiples of " + buzz
                                + ", \"FizzBuzz\" for multiples of both, and the number itself otherwise.",
                        "fizzbuzz", 1, "[\"for\", \"%\", \"return\"]",
                        "Here you go:\n\n```python\ndef fizzbuzz(n):\n    out = []\n    for i in range(1, n + 1):\n"
                                + "        s = ''\n        if i % " + fizz + " == 0:\n            s += 'Fizz'\n"
                                + "        if i % " + buzz + " == 0:\n            s += 'Buzz'\n"
                                + "        out.append(s or str(i))\n    return out\n```\n"),
                task(3, "Write a Python function word_count(text) that returns a dictionary mapping each "
                                + "lowercase word of text to the number of times it occurs.",
                        "word_count", 1, "[\"split\", \"return\"]",
                        "```python\nfrom collections import Counter\n\n\ndef word_count(text: str) -> dict[str, int]:\n"
                                + "    return dict(Counter(w.lower() for w in text.split()))\n```"),
                task(4, "Write a Python function merge_sorted(a, b) that merges two sorted lists into one sorted "
                                + "list without calling sort() or sorted().",
                        "merge_sorted", 2, "[\"while\", \"return\"]",
                        "```python\ndef merge_sorted(a, b):\n    i = j = 0\n    out = []\n"
                                + "    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n"
                                + "            out.append(a[i]); i += 1\n        else:\n"
                                + "            out.append(b[j]); j += 1\n    return out + a[i:] + b[j:]\n```"),
                task(5, "Write a Python function celsius_to_fahrenheit(celsius) that converts a temperature from "
                                + "degrees Celsius to degrees Fahrenheit.",
                        "celsius_to_fahrenheit", 1, "[\"return\", \"32\"]",
                        "def celsius_to_fahrenheit(celsius):\n    return celsius * 9 / 5 + 32"),
                task(6, "Write a Python function flatten(items) that takes a list that may contain nested lists and "
                                + "returns a flat list of all the non-list elements in order.",
                        "flatten", 1, "[\"isinstance\", \"return\"]",
                        "<think>Recursion on sub-lists.</think>\n```py\ndef flatten(items):\n    flat = []\n"
                                + "    for x in items:\n        if isinstance(x, list):\n"
                                + "            flat.extend(flatten(x))\n        else:\n            flat.append(x)\n"
                                + "    return flat\n```"),
                task(7, "Write a Python function gcd(a, b) that returns the greatest common divisor of two positive "
                                + "integers using Euclid's algorithm, without importing anything.",
                        "gcd", 2, "[\"%\", \"return\"]",
                        "```python\ndef gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n```"));
    }

    private static Task task(int n, String text, String function, int arity, String keywordsJson, String reference) {
        String expect = "{\"python\": {\"function\": \"" + function + "\", \"arity\": " + arity + ", \"keywords\": "
                + keywordsJson + "}}";
        return new Task(new PromptSpec(Suites.id(NAME, n), UseCase.CODE, text + ASK, TOKENS,
                SuiteJson.expectation(expect)), reference);
    }
}
