package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The approximation without a tokenizer, the fit rule and bad lengths; exact counts: ContextSweepEmbeddedIT. */
class ContextPromptTest {

    @Test
    void withoutATokenizerThePromptIsFourCharactersPerTokenAndSaysItIsApproximate() {
        ContextPrompt.Outcome p = ContextPrompt.approximate(1024, null, 64);
        assertThat(p.approximate()).isTrue();
        assertThat(p.tokens()).isEqualTo(1024);
        assertThat(p.text()).endsWith(ContextPrompt.TASK).startsWith("Alice was beginning");
        assertThat(p.text().length()).isBetween(1024 * 4 - 2, 1024 * 4);
        // long prompts repeat the shipped text
        assertThat(ContextPrompt.approximate(8192, null, 64).text()).hasSizeGreaterThan(8192 * 4 - 64);
    }

    @Test
    void aPromptAndItsAnswerBeyondTheWindowDoNotFitNamingTheLimit() throws Exception {
        assertThat(ContextPrompt.approximate(4096, 4096, 64).doesNotFit())
                .isEqualTo("a prompt of 4096 tokens and an answer of up to 64 tokens need more than the model's context"
                        + " window of 4096 tokens");
        // a word per token: the counter is never asked when the window is too small
        ContextPrompt.Outcome o = ContextPrompt.exact(8192, 2048, 64, t -> {
            throw new AssertionError("not counted");
        });
        assertThat(o.doesNotFit()).contains("2048");
    }

    @Test
    void aCounterOfOneTokenPerWordGivesTheExactLength() throws Exception {
        ContextPrompt.Counter words = t -> t.strip().split("\\s+").length;
        ContextPrompt.Outcome p = ContextPrompt.exact(300, 2048, 16, words);
        assertThat(p.tokens()).isEqualTo(300);
        assertThat(words.count(p.text())).isEqualTo(300);
    }

    @Test
    void aBuiltPromptDescribesHowItsLengthWasMadeForItsSamples() throws Exception {
        dev.fleetbench.common.model.ContextBuild approx = ContextPrompt.approximate(512, null, 8)
                .because("the engine exposes no tokenizer").describe(512);
        assertThat(approx.approximate()).isTrue();
        assertThat(approx.charsPerToken()).isEqualTo(4);
        assertThat(approx.tokens()).isEqualTo(512);
        assertThat(approx.method()).isEqualTo("approximated at 4 characters per token: the engine exposes no tokenizer");
        dev.fleetbench.common.model.ContextBuild counted = ContextPrompt.exact(300, 2048, 16,
                t -> t.strip().split("\\s+").length).describe(300);
        assertThat(counted.approximate()).isFalse();
        assertThat(counted.charsPerToken()).isNull();
        assertThat(counted.tokens()).isEqualTo(300);
        assertThat(counted.method()).isEqualTo("counted with the model's tokenizer");
        assertThatThrownBy(() -> ContextPrompt.approximate(4096, 2048, 8).describe(4096))
                .hasMessageContaining("does not fit").hasMessageContaining("2048");
    }

    @Test
    void impossibleLengthsAreRefusedNamingTheRange() {
        assertThatThrownBy(() -> ContextPrompt.approximate(0, null, 8)).hasMessageContaining("between 1 and 1048576")
                .hasMessageContaining("got 0");
    }
}
