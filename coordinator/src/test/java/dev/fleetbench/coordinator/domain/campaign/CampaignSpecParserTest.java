package dev.fleetbench.coordinator.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.suites.Suites;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignSpecParserTest {

    private static final String FULL_YAML = """
            name: nightly small models
            models: [stories260K, synthetic-8m, phi-4-mini]
            prompts:
              - id: once
                category: chat
                text: Once upon a time
                max_tokens: 32
                expect: {exact: ", there was a little girl named Lily."}
              - text: Write a Python function to sort a list.
                category: code
            repetitions: 5
            warmups: 2
            machines:
              labels: {room: b12}
              hardware_class: ["intel-*", "qualcomm-snapdragon-x-elite/*"]
              min_ram_gb: 16
              device: npu
            schedule: "0 2 * * *"
            lab_gating: {require_idle: true, require_ac: true}
            slo: {ttft_p90_max_ms: 1500, decode_p50_min_tps: 15}
            time_budget: 1h30m
            request_timeout_s: 60
            remove_downloads: true
            """;

    @Test
    void readsEveryField() {
        CampaignSpec s = CampaignSpecParser.parse(FULL_YAML, true);
        assertThat(s.name()).isEqualTo("nightly small models");
        assertThat(s.models()).containsExactly("stories260K", "synthetic-8m", "phi-4-mini");
        assertThat(s.prompts().prompts()).hasSize(2);
        assertThat(s.prompts().prompts().get(0).expect()).isEqualTo(Expectation.exact(", there was a little girl named Lily."));
        assertThat(s.prompts().prompts().get(1).id()).isEqualTo("p2");
        assertThat(s.prompts().prompts().get(1).category()).isEqualTo(UseCase.CODE);
        assertThat(s.prompts().prompts().get(1).maxTokens()).isEqualTo(PromptSet.DEFAULT_MAX_TOKENS);
        assertThat(s.repetitions()).isEqualTo(5);
        assertThat(s.warmups()).isEqualTo(2);
        assertThat(s.machines().labels()).isEqualTo(Map.of("room", "b12"));
        assertThat(s.machines().hardwareClasses()).containsExactly("intel-*", "qualcomm-snapdragon-x-elite/*");
        assertThat(s.machines().minRamGb()).isEqualTo(16);
        assertThat(s.machines().devices()).isEqualTo(Set.of(DeviceType.NPU));
        assertThat(s.schedule()).isEqualTo("0 2 * * *");
        assertThat(s.gating()).isEqualTo(new LabGating(true, true));
        assertThat(s.slo()).isEqualTo(new ServiceLevels(1500, 15, 0.01, 0.8));
        assertThat(s.timeBudget()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.requestTimeoutSeconds()).isEqualTo(60);
        assertThat(s.removeDownloads()).isTrue();
    }

    @Test
    void aContextSweepAddsAPromptOfEachLengthBuiltOnTheWorker() {
        CampaignSpec s = CampaignSpecParser.parse(
                "{\"name\":\"ctx\",\"models\":\"stories260K\",\"max_tokens\":16,\"context\":[128,1024,4096]}", false);
        assertThat(s.prompts().prompts()).extracting(p -> p.id() + "=" + p.contextTokens() + "/" + p.maxTokens())
                .containsExactly("context-128=128/16", "context-1024=1024/16", "context-4096=4096/16");
        CampaignSpec both = CampaignSpecParser.parse("{\"name\":\"ctx\",\"models\":\"m\",\"context\":[512],"
                + "\"prompts\":[{\"id\":\"a\",\"text\":\"A\",\"category\":\"chat\"}]}", false);
        assertThat(both.prompts().prompts()).extracting(p -> p.id()).containsExactly("a", "context-512");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignSpecParser.parse(
                "{\"name\":\"c\",\"models\":\"m\",\"context\":[128,\"long\"]}", false))
                .hasMessageContaining("context[1]").hasMessageContaining("long");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignSpecParser.parse(
                "{\"name\":\"c\",\"models\":\"m\",\"context\":[128,128]}", false))
                .hasMessageContaining("context[1]").hasMessageContaining("twice");
    }

    @Test
    void aServiceLevelMayCapEnergyPerAnswer() {
        CampaignSpec s = CampaignSpecParser.parse(
                "{\"name\":\"e\",\"models\":\"stories260K\",\"slo\":{\"max_joules_per_answer\":25}}", false);
        assertThat(s.slo().maxJoulesPerAnswer()).isEqualTo(25.0);
        assertThat(CampaignSpecParser.parse("{\"name\":\"e\",\"models\":\"stories260K\"}", false).slo()
                .maxJoulesPerAnswer()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignSpecParser.parse(
                "{\"name\":\"e\",\"models\":\"stories260K\",\"slo\":{\"max_joules_per_answer\":-1}}", false))
                .hasMessageContaining("max_joules_per_answer");
    }

    @Test
    void aMinimalJsonSpecGetsDefaults() {
        CampaignSpec s = CampaignSpecParser.parse("{\"name\":\"quick\",\"models\":\"stories260K\"}", false);
        assertThat(s.models()).containsExactly("stories260K");
        assertThat(s.prompts()).isEqualTo(PromptSet.defaults());
        assertThat(s.repetitions()).isEqualTo(3);
        assertThat(s.warmups()).isEqualTo(1);
        assertThat(s.machines()).isEqualTo(MachineSelector.ALL);
        assertThat(s.schedule()).isNull();
        assertThat(s.slo()).isEqualTo(ServiceLevels.DEFAULTS);
        assertThat(s.timeBudget()).isNull();
        assertThat(s.evidence()).isEqualTo(EvidenceRules.DEFAULTS);
        assertThat(s.regressionThresholdPct()).isEqualTo(3.0);
        assertThat(CampaignSpecParser.parse("{\"name\":\"q\",\"models\":\"a\",\"regression_threshold_pct\":5}", false)
                .regressionThresholdPct()).isEqualTo(5.0);
    }

    @Test
    void suitesJoinTheFreePromptsAndTheirSeedIsInThePromptSetVersion() {
        CampaignSpec only = CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],"
                + "\"suites\":[\"reasoning-arithmetic\"]}", false);
        assertThat(only.prompts().prompts()).isEqualTo(Suites.resolve("reasoning-arithmetic", Suites.DEFAULT_SEED).prompts());
        CampaignSpec both = CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],\"suites\":[\"code-python\"],"
                + "\"prompts\":[{\"id\":\"hi\",\"text\":\"hello\",\"expect\":\"hello\"}]}", false);
        assertThat(both.prompts().prompts().get(0).id()).isEqualTo("hi");
        assertThat(both.prompts().prompts()).hasSize(1 + Suites.resolve("code-python", 1).prompts().size())
                .allMatch(p -> p.expect() != null);
        CampaignSpec seeded = CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],"
                + "\"suites\":[\"reasoning-arithmetic\"],\"suite_seed\":7}", false);
        assertThat(seeded.prompts().version()).as("another seed, another prompt set version")
                .isNotEqualTo(only.prompts().version());
    }

    @Test
    void theDemoCampaignMeasuresQualityInEveryUseCaseWithAnswersCappedAtItsBudget() throws Exception {
        String yaml;
        try (var in = getClass().getClassLoader().getResourceAsStream("demo-campaign.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        CampaignSpec demo = CampaignSpecParser.parse(yaml, true);
        assertThat(demo.prompts().prompts()).allMatch(p -> p.expect() != null).allMatch(p -> p.maxTokens() <= 48);
        assertThat(demo.prompts().prompts()).extracting(p -> p.category().wire()).contains("chat", "code", "reasoning",
                "summarization");
        assertThat(demo.prompts().prompts()).anyMatch(p -> p.id().startsWith("code-python."))
                .anyMatch(p -> p.id().startsWith("chat-instructions.")).anyMatch(p -> p.id().startsWith("reasoning-arithmetic."));
    }

    @Test
    void evidenceRulesAreReadAndDefaultedFieldByField() {
        CampaignSpec s = CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],\"evidence\":"
                + "{\"min_requests\":20,\"min_quality\":0.7}}", false);
        assertThat(s.evidence()).isEqualTo(new EvidenceRules(20, 5, 5, 0.7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing name          | {\"models\":[\"a\"]}                                         | name          | is missing",
        "name not a string     | {\"name\":5,\"models\":[\"a\"]}                              | name          | must be a string",
        "no models             | {\"name\":\"x\",\"models\":[]}                               | models        | is missing: name at least one model",
        "model not a string    | {\"name\":\"x\",\"models\":[1]}                              | models[0]     | must be a non-empty string",
        "model with spaces     | {\"name\":\"x\",\"models\":[\"rm -rf\"]}                     | models[0]     | is not a valid model name",
        "huge repetitions      | {\"name\":\"x\",\"models\":[\"a\"],\"repetitions\":1e300}    | repetitions   | must be a whole number",
        "huge integer          | {\"name\":\"x\",\"models\":[\"a\"],\"repetitions\":99999999999999999999} | repetitions | must be between 1 and 1000",
        "negative warmups      | {\"name\":\"x\",\"models\":[\"a\"],\"warmups\":-1}           | warmups       | must be between 0 and 100",
        "repetitions as text   | {\"name\":\"x\",\"models\":[\"a\"],\"repetitions\":\"3\"}    | repetitions   | must be a whole number",
        "unknown top field     | {\"name\":\"x\",\"models\":[\"a\"],\"colour\":1}             | colour        | unknown field",
        "prompt without text   | {\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[{\"id\":\"a\"}]} | prompts[0].text | is missing",
        "prompt bad category   | {\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[{\"text\":\"t\",\"category\":\"poem\"}]} | prompts[0].category | unknown category 'poem'",
        "prompt bad regex      | {\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[{\"text\":\"t\",\"expect\":{\"regex\":\"(\"}}]} | prompts[0].expect | expect.regex is not a valid regular expression",
        "prompt id traversal   | {\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[{\"id\":\"../x\",\"text\":\"t\"}]} | prompts[0].id | '../x' is invalid",
        "duplicate prompt ids  | {\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[{\"id\":\"a\",\"text\":\"t\"},{\"id\":\"a\",\"text\":\"u\"}]} | prompts | id 'a' is used twice",
        "bad cron              | {\"name\":\"x\",\"models\":[\"a\"],\"schedule\":\"every day\"} | schedule     | is not a valid cron expression",
        "bad device            | {\"name\":\"x\",\"models\":[\"a\"],\"machines\":{\"device\":\"tpu\"}} | machines.device | unknown device type 'tpu'",
        "bad time budget       | {\"name\":\"x\",\"models\":[\"a\"],\"time_budget\":\"soon\"} | time_budget   | must be a duration",
        "slo out of range      | {\"name\":\"x\",\"models\":[\"a\"],\"slo\":{\"max_error_rate\":2}} | slo.max_error_rate | must be between",
        "evidence too few      | {\"name\":\"x\",\"models\":[\"a\"],\"evidence\":{\"min_requests\":0}} | evidence.min_requests | must be between 1 and",
        "evidence quality > 1  | {\"name\":\"x\",\"models\":[\"a\"],\"evidence\":{\"min_quality\":1.5}} | evidence.min_quality | must be between",
        "evidence unknown      | {\"name\":\"x\",\"models\":[\"a\"],\"evidence\":{\"min_sample\":3}} | evidence.min_sample | unknown field",
        "unknown suite         | {\"name\":\"x\",\"models\":[\"a\"],\"suites\":[\"poetry\"]} | suites[0] | unknown suite 'poetry'; known suites are chat-instructions,",
        "suite seed not whole  | {\"name\":\"x\",\"models\":[\"a\"],\"suites\":[\"code-python\"],\"suite_seed\":1.5} | suite_seed | must be a whole number",
        "threshold too small   | {\"name\":\"x\",\"models\":[\"a\"],\"regression_threshold_pct\":0} | regression_threshold_pct | must be between 0.1 and 100",
        "threshold as text     | {\"name\":\"x\",\"models\":[\"a\"],\"regression_threshold_pct\":\"3\"} | regression_threshold_pct | must be a number",
        "machines not object   | {\"name\":\"x\",\"models\":[\"a\"],\"machines\":[]}          | machines      | must be an object",
    })
    void badSpecsNameTheField(String title, String json, String field, String reason) {
        assertThatThrownBy(() -> CampaignSpecParser.parse(json, false))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void documentsThatAreNotSpecs() {
        assertThatThrownBy(() -> CampaignSpecParser.parse("", false)).hasMessage("the spec is empty");
        assertThatThrownBy(() -> CampaignSpecParser.parse("{", false)).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> CampaignSpecParser.parse("[1,2]", false)).hasMessage("must be an object");
        assertThatThrownBy(() -> CampaignSpecParser.parse("x".repeat(CampaignSpecParser.MAX_BYTES + 1), false))
                .hasMessageContaining("larger than");
        assertThatThrownBy(() -> CampaignSpecParser.parse("name: [unclosed", true)).hasMessageStartingWith("not valid YAML");
    }

    @Test
    void durations() {
        assertThat(CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],\"time_budget\":45}", false).timeBudget())
                .isEqualTo(Duration.ofMinutes(45));
        assertThat(CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],\"time_budget\":\"2h\"}", false).timeBudget())
                .isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> CampaignSpecParser.parse("{\"name\":\"x\",\"models\":[\"a\"],\"time_budget\":\"40d\"}", false))
                .hasMessageContaining("at most 30 days");
    }
}
