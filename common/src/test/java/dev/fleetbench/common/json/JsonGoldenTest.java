package dev.fleetbench.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.metrics.TokenCounts;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the JSON of the records other tools read (bench --json, the wire protocol, exports). */
class JsonGoldenTest {

    private static final long MS = 1_000_000L;

    static Sample okSample() {
        StreamTimeline t = new StreamTimeline(0, new long[] {25 * MS, 31 * MS, 38 * MS}, 25 * MS, 40 * MS);
        return Sample.builder("0b7c4c1e-6d8e-4a55-9b59-2d4f8f0f9a10", "stories260K", "once-upon", SampleKind.MEASURED, 2)
                .startedAtMs(1_790_000_000_000L)
                .metrics(RequestMetrics.derive(t, new TokenCounts(5, 3, false)))
                .finishReason("length")
                .text(", there was")
                .engineTimings(Map.of("predicted_per_token_ms", 6.2))
                .fingerprint(Fixtures.embeddedFingerprint("stories260K"))
                .quality(Expectation.contains("there was").score(", there was"))
                .ok();
    }

    @Test
    void sample() {
        Golden.assertMatches("sample-ok.json", Json.writePretty(okSample()));
    }

    @Test
    void failedSample() {
        Sample failed = Sample.builder("5e0f2f8c-7a0d-4f52-8f0e-0b1d2c3e4f50", "synthetic-8m", "python-sort",
                        SampleKind.WARMUP, 0)
                .startedAtMs(1_790_000_000_500L)
                .fingerprint(Fixtures.embeddedFingerprint("synthetic-8m"))
                .failed(FailureCode.TIMEOUT, "no token within 30 s");
        Golden.assertMatches("sample-failed.json", Json.writePretty(failed));
    }

    @Test
    void samplesRoundTrip() {
        Sample s = okSample();
        assertThat(Json.read(Json.write(s), Sample.class)).isEqualTo(s);
        Sample metered = s.withEnergy(dev.fleetbench.common.model.Energy.of("rapl", "package-0+dram", 2.4, 0.04, 3,
                true, 6.5));
        assertThat(Json.write(metered)).contains("\"energy\":{\"source\":\"rapl\",\"domains\":\"package-0+dram\","
                + "\"joules\":2.4,\"seconds\":0.04,\"joules_per_output_token\":0.7999999999999999,\"estimate\":true,"
                + "\"idle_watts\":6.5}");
        assertThat(Json.read(Json.write(metered), Sample.class)).isEqualTo(metered);
        Sample context = s.withContextPrompt(new dev.fleetbench.common.model.ContextBuild(1024, 1024, true, 4,
                "approximated at 4 characters per token: the engine exposes no tokenizer")).withPeakRssBytes(734_003_200L);
        assertThat(Json.write(context)).contains("\"context_prompt\":{\"target_tokens\":1024,\"tokens\":1024,"
                + "\"approximate\":true,\"chars_per_token\":4,\"method\":\"approximated at 4 characters per token: the"
                + " engine exposes no tokenizer\"},\"peak_rss_bytes\":734003200");
        assertThat(Json.read(Json.write(context), Sample.class)).isEqualTo(context);
    }

    @Test
    void hardwareProfile() {
        HardwareProfile p = Fixtures.snapdragonLaptop();
        Golden.assertMatches("hardware-profile.json", Json.writePretty(p));
        assertThat(Json.read(Json.write(p), HardwareProfile.class)).isEqualTo(p);
    }

    @Test
    void promptsAndVariants() {
        PromptSpec p = new PromptSpec("once-upon", UseCase.CHAT, "Once upon a time", 32,
                Expectation.exact(", there was a little girl named Lily."));
        ModelVariant v = new ModelVariant("Phi-4-mini-instruct-qnn-npu:2", "phi-4-mini", DeviceType.NPU,
                "QNNExecutionProvider", 2_780_000_000L, 3_800_000_000L, "int4");
        Golden.assertMatches("prompt-and-variant.json", Json.writePretty(List.of(p, v)));
        assertThat(Json.read(Json.write(p), PromptSpec.class)).isEqualTo(p);
        assertThat(Json.read(Json.write(v), ModelVariant.class)).isEqualTo(v);
    }

    @Test
    void aContextPromptTravelsWithItsLengthAndAnOrdinaryOneWithoutTheField() {
        PromptSpec ctx = PromptSpec.context(1024, 64);
        assertThat(Json.write(ctx)).contains("\"context_tokens\":1024");
        assertThat(Json.read(Json.write(ctx), PromptSpec.class)).isEqualTo(ctx);
        assertThat(Json.write(new PromptSpec("a", UseCase.CHAT, "A", 8, null))).doesNotContain("context_tokens");
        assertThatThrownBy(() -> new PromptSpec("c", UseCase.CHAT, "C", 8, null, 0))
                .hasMessageContaining("context length 0");
    }

    @Test
    void expectationAcceptsABareStringAsContains() {
        String json = "{\"id\":\"p\",\"category\":\"code\",\"text\":\"t\",\"max_tokens\":8,\"expect\":\"def \"}";
        assertThat(Json.read(json, PromptSpec.class).expect()).isEqualTo(Expectation.contains("def "));
    }

    @Test
    void unknownFieldsAreRejectedWithTheirName() {
        String json = "{\"id\":\"p\",\"category\":\"code\",\"text\":\"t\",\"max_tokens\":8,\"expect\":null,\"colour\":1}";
        assertThatThrownBy(() -> Json.read(json, PromptSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void invalidValuesAreRejectedWithTheReason() {
        String json = "{\"id\":\"p\",\"category\":\"poetry\",\"text\":\"t\",\"max_tokens\":8,\"expect\":null}";
        assertThatThrownBy(() -> Json.read(json, PromptSpec.class)).hasMessageContaining("poetry")
                .hasMessageContaining("chat, code, reasoning, summarization");
    }

    @Test
    void deeplyNestedInputIsRefused() {
        String bomb = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Json.read(bomb, Object.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void defaultPromptSetHasAStableVersion() {
        assertThat(PromptSet.defaults().version()).isEqualTo(PromptSet.defaults().version()).hasSize(12);
        assertThat(PromptSet.defaults().withMaxTokens(16).version()).isNotEqualTo(PromptSet.defaults().version());
    }

    @Test
    void yamlUsesTheSameNamesAndStrictness() {
        String yaml = "id: once\ncategory: chat\ntext: Once upon a time\nmax_tokens: 32\nexpect:\n  exact: ', there was'\n";
        assertThat(Json.readYaml(yaml, PromptSpec.class))
                .isEqualTo(new PromptSpec("once", UseCase.CHAT, "Once upon a time", 32, Expectation.exact(", there was")));
        assertThatThrownBy(() -> Json.readYaml(yaml + "colour: red\n", PromptSpec.class)).hasMessageContaining("colour");
    }

    @Test
    void yamlBombsDoNotExpand() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
                    .append(prev).append(", *").append(prev).append("]\n");
        }
        // Jackson's YAML parser never expands aliases (an alias reads as its anchor's name), so the "billion
        // laughs" stays as small as its text instead of growing to 4^10 elements.
        Object parsed = Json.readYaml(bomb.toString(), Object.class);
        assertThat(Json.write(parsed).length()).isLessThan(2 * bomb.length());
    }
}
