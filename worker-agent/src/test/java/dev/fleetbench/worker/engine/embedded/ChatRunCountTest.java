package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The embedded engine's output count is what arrived: llama.cpp's eval_tokens includes a sampled end-of-sequence. */
class ChatRunCountTest {

    @Test
    void aStoppedGenerationCountsTheTokensThatBroughtText() {
        // 20 outputs with text, llama.cpp evaluated 21 (the 21st was end-of-sequence): 20
        assertThat(ChatRun.arrived("stop", 21, 20)).isEqualTo(20);
    }

    @Test
    void aGenerationCutByLengthOrAlreadyCountedRightIsLeftAlone() {
        assertThat(ChatRun.arrived("length", 64, 64)).isEqualTo(64);
        assertThat(ChatRun.arrived("stop", 20, 20)).isEqualTo(20);
        assertThat(ChatRun.arrived("stop", null, 20)).isNull();
    }
}
