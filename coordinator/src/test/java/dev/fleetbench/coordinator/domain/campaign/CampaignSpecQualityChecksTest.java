package dev.fleetbench.coordinator.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.quality.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A campaign spec's prompts carry every kind of quality check, in YAML and JSON, and keep them when stored. */
class CampaignSpecQualityChecksTest {

    private static final String YAML = """
            name: quality checks
            models: [stories260K]
            prompts:
              - id: note
                category: chat
                text: Write a note moving the meeting to Friday, at most 50 words.
                expect:
                  words: {max: 50}
                  include: [Friday, agenda]
                  exclude: [sorry]
              - id: list
                category: chat
                text: Three bullet points, lowercase.
                expect: {bullets: {min: 3, max: 3}, lowercase: true}
              - id: book
                category: chat
                text: A JSON object with title and author, titled <<like this>>.
                expect: {json: {keys: [title, author]}, title: true}
              - id: french
                category: chat
                text: Réponds en français.
                expect: {language: fr, sentences: {max: 3}}
              - id: apples
                category: reasoning
                text: 6 crates of 7 apples?
                expect: {number: 42}
              - id: liar
                category: reasoning
                text: Who broke the vase?
                expect: {choice: {answer: Cara, options: [Anna, Ben, Cara]}}
              - id: fact
                category: summarization
                text: Summarize.
                expect:
                  words: {max: 40}
                  facts: [[Lincoln, president], [equal]]
              - id: old
                category: code
                text: Sort a list.
                expect: {regex: "def \\\\w+\\\\("}
              - id: gcd
                category: code
                text: Write gcd(a, b) in Python.
                expect:
                  python: {function: gcd, arity: 2, keywords: ["%", return]}
              - id: exact
                category: chat
                text: Say yes.
                expect: {exact: "yes"}
              - id: bare
                category: chat
                text: Say hello.
                expect: hello
            """;

    @Test
    void yamlPromptsCarryEveryKindOfCheck() {
        CampaignSpec s = CampaignSpecParser.parse(YAML, true);
        List<PromptSpec> p = s.prompts().prompts();
        assertThat(p).hasSize(11);
        assertThat(p.get(0).expect().checks()).extracting(c -> c.key()).containsExactly("words", "include", "exclude");
        assertThat(p.get(0).expect().score("Hi, the meeting moves to Friday; same agenda.").verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(p.get(0).expect().score("Hi, sorry, the meeting moves to Friday.").score()).isEqualTo(2 / 4.0);
        assertThat(p.get(4).expect().score("Six times seven is forty-two.").verdict()).isEqualTo(Verdict.PASS);
        assertThat(p.get(5).expect().score("Ben tells the truth, so Cara broke it.").verdict()).isEqualTo(Verdict.PASS);
        assertThat(p.get(7).expect()).isEqualTo(Expectation.regex("def \\w+\\("));
        assertThat(p.get(8).expect().score("```python\ndef gcd(a, b):\n    while b:\n        a, b = b, a % b\n"
                + "    return a\n```").verdict()).isEqualTo(Verdict.PASS);
        assertThat(p.get(8).expect().score("```python\ndef gcd(a):\n    return a\n```").score()).isEqualTo(3 / 5.0);
        assertThat(p.get(9).expect()).isEqualTo(Expectation.exact("yes"));
        assertThat(p.get(10).expect()).isEqualTo(Expectation.contains("hello"));
    }

    @Test
    void checksSurviveTheJsonFormOfTheSpecAndChangeThePromptSetVersion() {
        CampaignSpec s = CampaignSpecParser.parse(YAML, true);
        String json = Json.write(java.util.Map.of("name", "quality checks", "models", List.of("stories260K"),
                "prompts", s.prompts().prompts()));
        CampaignSpec again = CampaignSpecParser.parse(json, false);
        assertThat(again.prompts()).isEqualTo(s.prompts());
        assertThat(again.prompts().version()).isEqualTo(s.prompts().version());
        CampaignSpec stricter = CampaignSpecParser.parse(YAML.replace("max: 50", "max: 49"), true);
        assertThat(stricter.prompts().version()).isNotEqualTo(s.prompts().version());
    }

    @Test
    void aBadCheckIsRefusedWithItsPlace() {
        String bad = YAML.replace("{number: 42}", "{number: 42, colour: red}");
        assertThatThrownBy(() -> CampaignSpecParser.parse(bad, true))
                .hasMessageContaining("prompts[4].expect").hasMessageContaining("unknown check 'colour'");
    }
}
