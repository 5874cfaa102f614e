package dev.fleetbench.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.UseCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void plainTextIsOnePromptPerLine() throws IOException {
        PromptSet set = PromptsFile.read(write("p.txt", "# my prompts\nHello there\n\n  Write a haiku  \n"), 64);
        assertThat(set.prompts()).hasSize(2);
        assertThat(set.prompts().get(1).text()).isEqualTo("Write a haiku");
        assertThat(set.prompts().get(1).id()).isEqualTo("p2");
        assertThat(set.prompts().get(1).maxTokens()).isEqualTo(64);
    }

    @Test
    void jsonAndYamlWithDefaultsAndChecks() throws IOException {
        PromptSet json = PromptsFile.read(write("p.json", """
                {"prompts": [
                  {"id": "story", "text": "Once upon a time", "max_tokens": 32, "expect": {"exact": ", there was"}},
                  {"text": "Write a Python function to sort a list.", "category": "code"},
                  "Just a string"
                ]}"""), 100);
        assertThat(json.prompts()).hasSize(3);
        assertThat(json.prompts().get(0).expect()).isEqualTo(Expectation.exact(", there was"));
        assertThat(json.prompts().get(1).category()).isEqualTo(UseCase.CODE);
        assertThat(json.prompts().get(1).maxTokens()).isEqualTo(100);
        assertThat(json.prompts().get(2).id()).isEqualTo("p3");
        PromptSet yaml = PromptsFile.read(write("p.yaml", "- id: a\n  text: Hi\n  category: reasoning\n"), 10);
        assertThat(yaml.prompts().get(0).category()).isEqualTo(UseCase.REASONING);
    }

    @Test
    void problemsNameTheFileAndThePrompt() throws IOException {
        Path bad = write("bad.json", "[{\"text\": \"ok\"}, {\"txt\": \"typo\"}]");
        assertThatThrownBy(() -> PromptsFile.read(bad, 10))
                .hasMessageContaining("bad.json").hasMessageContaining("prompt 2").hasMessageContaining("'txt'");
        assertThatThrownBy(() -> PromptsFile.read(write("b.json", "{not json"), 10))
                .hasMessageContaining("b.json: not valid JSON");
        assertThatThrownBy(() -> PromptsFile.read(write("c.json", "[{\"text\":\"x\",\"category\":\"poem\"}]"), 10))
                .hasMessageContaining("prompt 1: unknown category 'poem'");
        assertThatThrownBy(() -> PromptsFile.read(write("d.json", "[{\"text\":\"x\",\"max_tokens\":\"many\"}]"), 10))
                .hasMessageContaining("'max_tokens' must be a whole number");
        assertThatThrownBy(() -> PromptsFile.read(write("e.txt", "# only comments\n"), 10))
                .hasMessageContaining("no prompts found");
        assertThatThrownBy(() -> PromptsFile.read(dir.resolve("missing.txt"), 10))
                .hasMessageContaining("cannot read prompts file");
        assertThatThrownBy(() -> PromptsFile.read(write("f.json", "[]"), 10))
                .hasMessageContaining("non-empty list");
    }
}
