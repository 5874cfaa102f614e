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

    @Test
    void aWindowsPromptFileWithAByteOrderMarkKeepsItsNonAsciiText() throws IOException {
        byte[] body = "日本語で短い物語を書いて\r\nÉcris une histoire\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        PromptSet set = PromptsFile.read(Files.write(dir.resolve("notepad.txt"), withBom), 64);

        assertThat(set.prompts()).extracting(p -> p.text()).containsExactly("日本語で短い物語を書いて", "Écris une histoire");
    }

    @Test
    void aPromptDamagedByTheWindowsCodePageIsRefusedWithTheWayOut() {
        // Java 17 on a German Windows: "日本語で書いて" arrives as "???????" (sun.jnu.encoding Cp1252)
        assertThat(PromptsFile.mangledArgument("???????", "Cp1252")).contains("Cp1252").contains("--prompts FILE");
        assertThat(PromptsFile.mangledArgument("Schreib \uFFFD", "Cp1252")).isNotNull();
        assertThat(PromptsFile.mangledArgument("What is 2+2?", "Cp1252")).isNull();
        assertThat(PromptsFile.mangledArgument("???????", "UTF-8")).as("Linux, macOS: arguments are UTF-8").isNull();
    }
}
