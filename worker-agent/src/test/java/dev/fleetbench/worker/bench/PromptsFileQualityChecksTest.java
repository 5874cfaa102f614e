package dev.fleetbench.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.quality.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --prompts FILE} reads every kind of quality check, in YAML and JSON. */
class PromptsFileQualityChecksTest {

    @TempDir
    Path dir;

    @Test
    void yamlPromptsCarryTheNewCheckKinds() throws IOException {
        Path file = Files.writeString(dir.resolve("q.yaml"), """
                - id: gcd
                  category: code
                  text: Write gcd(a, b) in Python.
                  expect: {python: {function: gcd, arity: 2, keywords: ["%"]}}
                - id: apples
                  category: reasoning
                  text: How many apples?
                  expect: {number: 42}
                - id: bullets
                  category: chat
                  text: Three bullets, lowercase.
                  expect: {bullets: 3, lowercase: true}
                """);
        PromptSet set = PromptsFile.read(file, 64);
        assertThat(set.prompts()).hasSize(3);
        assertThat(set.prompts().get(0).expect()
                .score("```python\ndef gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n```").verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(set.prompts().get(0).expect().score("def gcd(a, b) return a").verdict()).isNotEqualTo(Verdict.PASS);
        assertThat(set.prompts().get(1).expect().matches("<think>maybe 41</think>The answer is forty-two.")).isTrue();
        assertThat(set.prompts().get(2).expect().score("* one\n* two\n* Three").score()).isEqualTo(0.5);
    }

    @Test
    void aBadCheckNamesTheFileThePromptAndTheProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"),
                "[{\"text\": \"x\", \"expect\": {\"python\": {\"function\": \"gcd\"}}}]");
        assertThatThrownBy(() -> PromptsFile.read(file, 10)).hasMessageContaining("bad.json")
                .hasMessageContaining("expect.python needs function and arity");
    }
}
