package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Completion tokens are what arrived: llama.cpp's count of a stopped generation includes its end-of-sequence token. */
class OpenAiTokenCountTest {

    @Test
    void aStoppedLlamaCppGenerationCountsOneLessThanTheServerSays() {
        // 20 text chunks arrived, the server counted 21 (the sampled end-of-sequence token brought no text)
        assertThat(OpenAiEngine.arrivedTokens(true, "stop", 21, 20)).isEqualTo(20);
    }

    @Test
    void otherCountsAreTakenAsTheyAre() {
        assertThat(OpenAiEngine.arrivedTokens(true, "length", 64, 64)).isEqualTo(64);
        assertThat(OpenAiEngine.arrivedTokens(false, "stop", 21, 20)).as("not llama.cpp").isEqualTo(21);
        assertThat(OpenAiEngine.arrivedTokens(true, "stop", 20, 20)).as("already what arrived").isEqualTo(20);
        // multi-byte characters can merge two tokens into one chunk: the end-of-sequence token is still the one extra
        assertThat(OpenAiEngine.arrivedTokens(true, "stop", 18, 15)).isEqualTo(17);
        assertThat(OpenAiEngine.arrivedTokens(true, "stop", null, 20)).isNull();
    }
}
