package dev.fleetbench.common.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.LeasePrompt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every check kind travels as JSON and YAML and comes back equal; the old forms read as before. */
class ExpectationJsonTest {

    /** One expect object per kind, plus a combined one, as a user would write them. */
    static final List<String> EVERY_KIND = List.of(
            "{\"exact\":\", there was\"}",
            "{\"contains\":\"def \"}",
            "{\"regex\":\"def \\\\w+\\\\(\"}",
            "{\"words\":{\"min\":20,\"max\":60}}",
            "{\"sentences\":{\"max\":3}}",
            "{\"bullets\":{\"min\":3,\"max\":3}}",
            "{\"include\":[\"edge\",\"latency\"]}",
            "{\"exclude\":[\"cloud\"]}",
            "{\"lowercase\":true}",
            "{\"json\":{\"keys\":[\"name\",\"age\"]}}",
            "{\"title\":true}",
            "{\"language\":\"fr\"}",
            "{\"number\":42}",
            "{\"number\":2.5}",
            "{\"choice\":{\"answer\":\"Cara\",\"options\":[\"Anna\",\"Ben\",\"Cara\"]}}",
            "{\"choice\":\"yes\"}",
            "{\"python\":{\"function\":\"gcd\",\"arity\":2,\"keywords\":[\"%\",\"return\"]}}",
            "{\"python\":{\"function\":\"main\",\"arity\":0}}",
            "{\"facts\":[[\"Ahab\",\"captain\"],[\"white whale\",\"Moby Dick\"]]}",
            "{\"words\":{\"max\":40},\"facts\":[[\"Lincoln\"]],\"exclude\":[\"I\"]}");

    @Test
    void everyKindRoundTripsThroughJsonUnchanged() {
        for (String json : EVERY_KIND) {
            Expectation e = Json.read(json, Expectation.class);
            assertThat(Json.write(e)).as(json).isEqualTo(json);
            assertThat(Json.read(Json.write(e), Expectation.class)).isEqualTo(e);
            PromptSpec p = new PromptSpec("p", UseCase.CHAT, "t", 16, e);
            assertThat(Json.read(Json.write(p), PromptSpec.class)).isEqualTo(p);
        }
    }

    @Test
    void everyKindRoundTripsThroughYaml() {
        for (String json : EVERY_KIND) {
            Expectation e = Json.read(json, Expectation.class);
            String yaml = "id: p\ncategory: chat\ntext: t\nmax_tokens: 16\nexpect: " + json + "\n";
            assertThat(Json.readYaml(yaml, PromptSpec.class).expect()).as(json).isEqualTo(e);
        }
    }

    @Test
    void everyKindTravelsInALeasePrompt() {
        for (String json : EVERY_KIND) {
            Expectation e = Json.read(json, Expectation.class);
            LeasePrompt lp = new LeasePrompt("cell-1", new PromptSpec("p", UseCase.CODE, "t", 16, e), 0, 3);
            assertThat(Json.read(Json.write(lp), LeasePrompt.class)).isEqualTo(lp);
        }
    }

    @Test
    void equivalentWritingsAreOneCheck() {
        assertThat(Json.read("{\"number\":42.0}", Expectation.class))
                .isEqualTo(Json.read("{\"number\":42}", Expectation.class));
        assertThat(Json.write(Json.read("{\"number\":42.0}", Expectation.class))).isEqualTo("{\"number\":42}");
        assertThat(Json.read("{\"words\":3}", Expectation.class))
                .isEqualTo(Json.read("{\"words\":{\"min\":3,\"max\":3}}", Expectation.class));
        for (String json : List.of("{\"words\":3}", "{\"json\":true}", "{\"json\":[\"a\"]}",
                "{\"choice\":{\"answer\":\"yes\"}}", "{\"facts\":[\"Lincoln\"]}", "{\"number\":\"1,234\"}")) {
            Expectation e = Json.read(json, Expectation.class);
            assertThat(Json.read(Json.write(e), Expectation.class)).as(json).isEqualTo(e);
        }
    }

    @Test
    void oldFormsReadAsBefore() {
        assertThat(Json.read("\"def \"", Expectation.class)).isEqualTo(Expectation.contains("def "));
        assertThat(Json.read("{\"exact\":\"a\"}", Expectation.class)).isEqualTo(Expectation.exact("a"));
        assertThat(Json.read("{\"regex\":\"a+\"}", Expectation.class)).isEqualTo(Expectation.regex("a+"));
        assertThat(Json.write(Expectation.contains("x"))).isEqualTo("{\"contains\":\"x\"}");
    }

    @Test
    void versionOfOldFormsIsUnchangedAndCoversTheWholeCheck() {
        // The canonical form old prompt sets were hashed with: KIND:value.
        assertThat(Expectation.exact("a").canonical()).isEqualTo("EXACT:a");
        assertThat(Expectation.regex("a+").canonical()).isEqualTo("REGEX:a+");
        PromptSet base = set("{\"words\":{\"max\":40},\"facts\":[[\"Lincoln\"]]}");
        assertThat(set("{\"words\":{\"max\":41},\"facts\":[[\"Lincoln\"]]}").version()).isNotEqualTo(base.version());
        assertThat(set("{\"words\":{\"max\":40},\"facts\":[[\"Lincoln\",\"president\"]]}").version())
                .isNotEqualTo(base.version());
        assertThat(set("{\"words\":{\"max\":40}}").version()).isNotEqualTo(base.version());
        assertThat(set("{\"words\":{\"max\":40},\"facts\":[[\"Lincoln\"]]}").version()).isEqualTo(base.version());
    }

    @Test
    void badChecksAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Json.read("{\"colour\":\"red\"}", Expectation.class))
                .hasMessageContaining("unknown check 'colour'").hasMessageContaining("words");
        assertThatThrownBy(() -> Json.read("{\"words\":{\"min\":5,\"max\":2}}", Expectation.class))
                .hasMessageContaining("expect.words: min 5 is greater than max 2");
        assertThatThrownBy(() -> Json.read("{\"words\":{\"most\":5}}", Expectation.class))
                .hasMessageContaining("unknown field 'most'");
        assertThatThrownBy(() -> Json.read("{\"number\":\"many\"}", Expectation.class))
                .hasMessageContaining("expect.number must be a number");
        assertThatThrownBy(() -> Json.read("{\"language\":\"tlh\"}", Expectation.class))
                .hasMessageContaining("expect.language 'tlh' is not detectable");
        assertThatThrownBy(() -> Json.read("{\"choice\":{\"answer\":\"Dan\",\"options\":[\"Anna\"]}}",
                Expectation.class)).hasMessageContaining("'Dan' is not one of the options");
        assertThatThrownBy(() -> Json.read("{\"lowercase\":false}", Expectation.class))
                .hasMessageContaining("expect.lowercase must be true");
        assertThatThrownBy(() -> Json.read("{\"python\":{\"function\":\"two words\",\"arity\":1}}",
                Expectation.class)).hasMessageContaining("'two words' is not a Python name");
        assertThatThrownBy(() -> Json.read("{\"python\":{\"function\":\"f\"}}", Expectation.class))
                .hasMessageContaining("expect.python needs function and arity");
        assertThatThrownBy(() -> Json.read("{}", Expectation.class)).hasMessageContaining("expect must be");
        assertThatThrownBy(() -> Json.read("{\"regex\":\"(\"}", Expectation.class))
                .hasMessageContaining("expect.regex is not a valid regular expression");
    }

    private static PromptSet set(String expect) {
        return new PromptSet(List.of(new PromptSpec("p", UseCase.SUMMARIZATION, "t", 16,
                Json.read(expect, Expectation.class))));
    }
}
