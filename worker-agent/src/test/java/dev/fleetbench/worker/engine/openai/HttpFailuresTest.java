package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import org.junit.jupiter.api.Test;

class HttpFailuresTest {

    private static final String WHAT = "POST http://127.0.0.1:1/v1/chat/completions";

    @Test
    void plainErrorsAreHttpErrorsWithStatusAndBodyText() {
        EngineException e = HttpFailures.forStatus(500, WHAT, "Failed loading model Phi-4\n  at line 3");
        assertThat(e.code()).isEqualTo(FailureCode.HTTP_ERROR);
        assertThat(e.getMessage()).isEqualTo("HTTP 500 from " + WHAT + ": Failed loading model Phi-4 at line 3");
    }

    @Test
    void envelopesAreReducedToTheirMessage() {
        assertThat(HttpFailures.errorText("{\"error\":{\"message\":\"bad\",\"type\":\"server_error\"}}")).isEqualTo("bad");
        assertThat(HttpFailures.errorText("{\"error\":\"worse\"}")).isEqualTo("worse");
        assertThat(HttpFailures.errorText("{\"detail\":[{\"loc\":[\"body\"]}]}")).isEqualTo("[{\"loc\":[\"body\"]}]");
        assertThat(HttpFailures.errorText("{not json")).isEqualTo("{not json");
        assertThat(HttpFailures.errorText("x".repeat(2000))).hasSize(HttpFailures.MAX_BODY_CHARS + 1);
    }

    @Test
    void contextOverflowIsRecognisedInTheServersWords() {
        String foundry = "This request requires 9000 total tokens (8000 input + 1000 output), which exceeds the "
                + "model's maximum context length of 8192 tokens.";
        String llama = "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try "
                + "increasing it\",\"type\":\"exceed_context_size_error\"}}";
        String vllm = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 tokens. However,"
                + " you requested 4000 tokens\",\"type\":\"BadRequestError\",\"code\":400}";
        for (String body : new String[]{foundry, llama, vllm}) {
            assertThat(HttpFailures.forStatus(400, WHAT, body).code()).as(body).isEqualTo(FailureCode.CONTEXT_OVERFLOW);
        }
    }

    @Test
    void missingModelsAreRecognisedByStatusOrWords() {
        assertThat(HttpFailures.forStatus(404, WHAT, "").code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(HttpFailures.forStatus(400, WHAT, "No OpenAIService provider found for modelName:phi-4").code())
                .isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(HttpFailures.forStatus(400, WHAT, "{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try "
                + "pulling it first\"}}").code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(HttpFailures.forStatus(400, WHAT, "{\"error\":{\"code\":\"model_not_found\"}}").code())
                .isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(HttpFailures.forStatus(400, WHAT, "Model not loaded").code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(HttpFailures.forStatus(400, WHAT, "messages must not be empty").code())
                .isEqualTo(FailureCode.HTTP_ERROR);
    }

    @Test
    void streamErrorsAreEngineErrorsUnlessTheyOverflowTheContext() {
        EngineException e = HttpFailures.forStreamError(new StreamEvent.EngineError("device lost", "server_error", null), 3);
        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_ERROR);
        assertThat(e.getMessage()).contains("after 3 token chunks").contains("device lost").contains("server_error");
        assertThat(HttpFailures.forStreamError(new StreamEvent.EngineError("context size exceeded", null,
                "exceed_context_size_error"), 0).code()).isEqualTo(FailureCode.CONTEXT_OVERFLOW);
    }

    @Test
    void streamOptionsRejectionIsOnlyA400Or422AboutIt() {
        assertThat(HttpFailures.rejectsStreamOptions(400, "Unrecognized request argument supplied: stream_options"))
                .isTrue();
        assertThat(HttpFailures.rejectsStreamOptions(422, "{\"detail\":[{\"loc\":[\"body\",\"stream_options\"],"
                + "\"type\":\"extra_forbidden\"}]}")).isTrue();
        assertThat(HttpFailures.rejectsStreamOptions(400, "max_tokens too large")).isFalse();
        assertThat(HttpFailures.rejectsStreamOptions(500, "stream_options")).isFalse();
    }
}
