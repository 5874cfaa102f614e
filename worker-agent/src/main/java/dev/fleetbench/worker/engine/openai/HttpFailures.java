package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.regex.Pattern;

/**
 * Maps what an OpenAI-compatible server says when it fails to a {@link FailureCode}, in one place. Pure.
 *
 * <p>Context overflow is recognised by the servers' wording: llama.cpp ("exceeds the available context size",
 * type {@code exceed_context_size_error}), vLLM and OpenAI ("maximum context length is …"), Foundry Local
 * ("… exceeds the model's maximum context length of M tokens"). A missing model by status 404 or by the
 * wording of Ollama ("model 'x' not found"), OpenAI ({@code model_not_found}), Foundry Local G1
 * ("No OpenAIService provider found for modelName") and G3 ("Model not loaded/cached").
 */
final class HttpFailures {

    /** Longest piece of a server's error text kept in a message. */
    static final int MAX_BODY_CHARS = 500;

    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "context[ _](length|size|window)|exceed_context_size|too many tokens|prompt is too long",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MODEL_MISSING = Pattern.compile(
            "model[^.\\n]{0,120}\\bnot (found|loaded|cached|downloaded)|model_not_found|no such model"
                    + "|No OpenAIService provider found|model[^.\\n]{0,120}does not exist|unknown model",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern STREAM_OPTIONS = Pattern.compile(
            "stream_options|include_usage", Pattern.CASE_INSENSITIVE);

    private HttpFailures() {
    }

    /**
     * The failure for an HTTP error status.
     *
     * @param what "POST http://…/v1/chat/completions", for the message
     * @param body the response body as text (may be empty)
     */
    static EngineException forStatus(int status, String what, String body) {
        String text = errorText(body);
        String message = "HTTP " + status + " from " + what + (text.isEmpty() ? "" : ": " + text);
        FailureCode code;
        if (CONTEXT_OVERFLOW.matcher(body).find()) {
            code = FailureCode.CONTEXT_OVERFLOW;
        } else if (status == 404 || MODEL_MISSING.matcher(body).find()) {
            code = FailureCode.MODEL_NOT_FOUND;
        } else {
            code = FailureCode.HTTP_ERROR;
        }
        return new EngineException(code, message);
    }

    /** The failure for an error event inside a stream: ENGINE_ERROR, or CONTEXT_OVERFLOW when it says so. */
    static EngineException forStreamError(StreamEvent.EngineError e, int chunksBefore) {
        String all = e.message() + " " + e.type() + " " + e.code();
        FailureCode code = CONTEXT_OVERFLOW.matcher(all).find() ? FailureCode.CONTEXT_OVERFLOW : FailureCode.ENGINE_ERROR;
        return new EngineException(code, "engine reported an error in the stream after " + chunksBefore
                + " token chunks: " + Texts.cut(e.message(), MAX_BODY_CHARS) + (e.type() == null ? "" : " (" + e.type() + ")"));
    }

    /**
     * True when a 400/422 answer is a complaint about {@code stream_options}: some servers reject fields they do
     * not know, and a retry without it is worth one more request.
     */
    static boolean rejectsStreamOptions(int status, String body) {
        return (status == 400 || status == 422) && STREAM_OPTIONS.matcher(body).find();
    }

    /**
     * The human part of an error body: {@code error.message} / {@code error} / {@code message} / {@code detail}
     * of a JSON envelope, else the text itself; whitespace collapsed, cut to {@link #MAX_BODY_CHARS}.
     */
    static String errorText(String body) {
        String text = body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode root = ChunkDecoder.MAPPER.readTree(text);
                JsonNode error = root.get("error");
                if (error != null && !error.isNull()) {
                    text = ChunkDecoder.engineError(error).message();
                } else if (root.hasNonNull("message")) {
                    text = root.get("message").asText();
                } else if (root.hasNonNull("detail")) {
                    JsonNode detail = root.get("detail");
                    text = detail.isTextual() ? detail.asText() : detail.toString();
                }
            } catch (JsonProcessingException notJson) {
                // keep the raw text
            }
        }
        return Texts.cut(text.replaceAll("\\s+", " ").strip(), MAX_BODY_CHARS);
    }
}
