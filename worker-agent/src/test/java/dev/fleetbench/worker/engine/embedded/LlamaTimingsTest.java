package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LlamaTimingsTest {

    /** As llama.cpp b4916 (de.kherud:llama 4.1.0) writes it to its log file. */
    static final String BLOCK = """
            slot      release: id  0 | task 0 | stop processing: n_past = 36, truncated = 0
            slot print_timing: id  0 | task 0 |\s
            prompt eval time =       4.90 ms /     5 tokens (    0.98 ms per token,  1020.20 tokens per second)
                   eval time =      38.46 ms /    32 tokens (    1.20 ms per token,   832.03 tokens per second)
                  total time =      43.36 ms /    37 tokens
            srv  update_slots: all slots are idle
            """;

    @Test
    void parsesTheTimingBlock() {
        assertThat(LlamaTimings.parse("set_embeddings: value = 0\n" + BLOCK))
                .containsEntry("prompt_eval_ms", 4.90)
                .containsEntry("prompt_eval_tokens", 5.0)
                .containsEntry("prompt_eval_per_token_ms", 0.98)
                .containsEntry("eval_ms", 38.46)
                .containsEntry("eval_tokens", 32.0)
                .containsEntry("eval_per_token_ms", 1.20)
                .containsEntry("eval_tps", 832.03)
                .containsEntry("total_ms", 43.36);
    }

    @Test
    void aBlockStillBeingWrittenIsNotTaken() {
        String half = BLOCK.substring(0, BLOCK.indexOf("      total time"));
        assertThat(LlamaTimings.parse(half)).isEmpty();
        assertThat(LlamaTimings.parse("")).isEmpty();
    }

    @Test
    void onlyTheFirstBlockCounts() {
        String second = BLOCK.replace("38.46", "99.00");
        assertThat(LlamaTimings.parse(BLOCK + second)).containsEntry("eval_ms", 38.46);
    }

    @Test
    void infiniteRatesAreLeftOut() {
        String t = BLOCK.replace("(    0.98 ms per token,  1020.20 tokens per second)",
                "(    0.00 ms per token,      inf tokens per second)");
        assertThat(LlamaTimings.parse(t)).containsEntry("prompt_eval_per_token_ms", 0.0).containsKey("eval_tps");
    }

    @Test
    void readsTheBuild() {
        assertThat(LlamaTimings.build("srv  x\nbuild: 4916 (c6af2161) with gcc (GCC) 10.2.1\n"))
                .contains("b4916");
        assertThat(LlamaTimings.build("nothing")).isEmpty();
    }
}
