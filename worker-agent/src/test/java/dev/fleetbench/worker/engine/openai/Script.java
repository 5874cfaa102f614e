package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ScriptedOpenAiServer} answers to a chat request. A fluent builder; the server turns it into a
 * {@link Plan} (frames with absolute offsets from the moment the request was received) when a request arrives.
 *
 * <p>Timing: the role chunk (if any) leaves at 0 with the headers; token {@code i} (reasoning tokens first, then
 * content tokens) at {@code firstChunkAfter + i × gap}; the finish chunk, the usage chunk and {@code [DONE]} right
 * after the last token, each flushed on its own. An early ending (hang, reset, error event, malformed text) happens
 * where token {@code n} would have left.
 */
public final class Script {

    public enum Usage { IN_LAST_CHUNK, SEPARATE_CHUNK, NONE }

    public enum Ending { COMPLETE, HANG, RESET, ERROR_EVENT, MALFORMED }

    /** One write: its offset from the request's arrival, its text, and which token it carries (-1: none). */
    public record Frame(long atNanos, String text, int tokenIndex) {
    }

    public record Plan(List<Frame> frames, long endAtNanos, Ending ending, int tokenCount) {
    }

    static final int PROMPT_TOKENS = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Duration firstChunkAfter = Duration.ofMillis(10);
    private Duration gap = Duration.ofMillis(5);
    private Duration holdOpen = Duration.ZERO;
    private List<String> reasoning = List.of();
    private List<String> tokens = List.of();
    private List<String> raw;
    private boolean roleChunk = true;
    private boolean finishReason = true;
    private boolean legacyKeys;
    private boolean timings;
    private boolean done = true;
    private boolean headersImmediately = true;
    private boolean neverAnswers;
    private boolean rejectsStreamOptions;
    private Usage usage = Usage.SEPARATE_CHUNK;
    private Ending ending = Ending.COMPLETE;
    private int stopAfter = -1;
    private String endingText = "";
    private int status = 200;
    private String errorBody = "";

    private Script() {
    }

    /** A normal stream of these content tokens. */
    public static Script tokens(String... texts) {
        Script s = new Script();
        s.tokens = List.of(texts);
        return s;
    }

    /** These frames verbatim (each written and flushed on its own at {@code firstChunkAfter + i × gap}), then the end. */
    public static Script raw(String... frames) {
        Script s = new Script();
        s.raw = List.of(frames);
        return s;
    }

    /** An HTTP error status with this body, no stream. */
    public static Script httpError(int status, String body) {
        Script s = new Script();
        s.status = status;
        s.errorBody = body;
        return s;
    }

    /** Receives the request and never answers, not even headers. */
    public static Script neverAnswer() {
        Script s = new Script();
        s.neverAnswers = true;
        return s;
    }

    public Script firstChunkAfter(Duration d) { firstChunkAfter = d; return this; }
    public Script gap(Duration d) { gap = d; return this; }
    public Script reasoning(String... texts) { reasoning = List.of(texts); return this; }
    public Script roleChunk(boolean b) { roleChunk = b; return this; }
    public Script finishReason(boolean b) { finishReason = b; return this; }
    public Script legacyKeys(boolean b) { legacyKeys = b; return this; }
    public Script timings(boolean b) { timings = b; return this; }
    public Script done(boolean b) { done = b; return this; }
    public Script usage(Usage u) { usage = u; return this; }
    /** After the last frame of a complete response, keep the connection open this long before ending the body. */
    public Script holdOpen(Duration d) { holdOpen = d; return this; }
    public Script headersImmediately(boolean b) { headersImmediately = b; return this; }
    public Script rejectStreamOptions() { rejectsStreamOptions = true; return this; }
    /** After {@code n} tokens, stop sending and keep the connection open. */
    public Script hangAfter(int n) { return end(Ending.HANG, n, ""); }
    /** After {@code n} tokens, close the connection abruptly (no final chunk of the chunked body). */
    public Script resetAfter(int n) { return end(Ending.RESET, n, ""); }
    /** After {@code n} tokens, send {@code data: {"error": …}} and end the body without {@code [DONE]}. */
    public Script errorAfter(int n, String errorJson) { return end(Ending.ERROR_EVENT, n, "data: " + errorJson + "\n\n"); }
    /** After {@code n} tokens, send this text verbatim and end the body. */
    public Script malformedAfter(int n, String text) { return end(Ending.MALFORMED, n, text); }

    private Script end(Ending e, int n, String text) {
        ending = e;
        stopAfter = n;
        endingText = text;
        return this;
    }

    Duration holdOpen() { return holdOpen; }
    boolean neverAnswers() { return neverAnswers; }
    boolean rejectsStreamOptions() { return rejectsStreamOptions; }
    boolean headersImmediately() { return headersImmediately; }
    int status() { return status; }
    String errorBody() { return errorBody; }

    /** The frames of one response. */
    Plan plan() {
        List<Frame> frames = new ArrayList<>();
        long first = firstChunkAfter.toNanos();
        long step = gap.toNanos();
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                frames.add(new Frame(first + i * step, raw.get(i), -1));
            }
            return new Plan(frames, first + Math.max(0, raw.size() - 1) * step, ending, 0);
        }
        List<String> all = new ArrayList<>(reasoning);
        all.addAll(tokens);
        int sent = stopAfter >= 0 ? Math.min(stopAfter, all.size()) : all.size();
        if (roleChunk) {
            frames.add(new Frame(0, event(chunk(0, "{\"role\":\"assistant\",\"content\":\"\"}", null, false)), -1));
        }
        boolean finishChunk = finishReason && ending == Ending.COMPLETE;
        for (int i = 0; i < sent; i++) {
            String key = i < reasoning.size() ? "reasoning_content" : "content";
            ObjectNode delta = JSON.createObjectNode().put(key, all.get(i));
            boolean last = i == all.size() - 1 && ending == Ending.COMPLETE;
            ObjectNode c = chunk(i + 1, delta.toString(), null, last && !finishChunk);
            frames.add(new Frame(first + i * step, event(c), i));
        }
        long end = first + Math.max(0, sent - 1) * step;
        if (ending != Ending.COMPLETE) {
            end = first + (long) sent * step;
            if (!endingText.isEmpty()) {
                frames.add(new Frame(end, endingText, -1));
            }
            return new Plan(frames, end, ending, sent);
        }
        if (finishChunk) {
            frames.add(new Frame(end, event(chunk(all.size() + 1, "{}", "stop", true)), -1));
        }
        if (usage == Usage.SEPARATE_CHUNK) {
            ObjectNode u = JSON.createObjectNode();
            u.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1_700_000_000L)
                    .put("model", "scripted-model").putArray("choices");
            u.set("usage", usage(all.size()));
            frames.add(new Frame(end, event(u), -1));
        }
        if (done) {
            frames.add(new Frame(end, "data: [DONE]\n\n", -1));
        }
        return new Plan(frames, end, ending, sent);
    }

    /** One chunk; {@code closing} puts usage (when IN_LAST_CHUNK) and timings on it. */
    private ObjectNode chunk(int n, String deltaJson, String finish, boolean closing) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", legacyKeys ? "chat.id." + n : "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L);
        if (legacyKeys) {
            c.putNull("model");
        } else {
            c.put("model", "scripted-model");
        }
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", legacyKeys ? n : 0);
        try {
            choice.set("delta", JSON.readTree(deltaJson));
            if (legacyKeys) {
                choice.set("message", JSON.readTree(deltaJson));
                choice.putNull("finish_details");
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        if (finish != null) {
            choice.put("finish_reason", finish);
        } else if (finishReason) {
            choice.putNull("finish_reason");
        }
        if (legacyKeys) {
            c.put("CreatedAt", "2025-06-01T00:00:00Z").put("IsDelta", true).put("Successful", true)
                    .put("HttpStatusCode", 200).putNull("error").putNull("StreamEvent");
            c.putArray("HeaderValues");
        }
        int total = reasoning.size() + tokens.size();
        if (closing && usage == Usage.IN_LAST_CHUNK) {
            c.set("usage", usage(total));
        }
        if (closing && timings) {
            c.putObject("timings").put("prompt_n", PROMPT_TOKENS).put("prompt_ms", 12.5)
                    .put("prompt_per_token_ms", 12.5 / PROMPT_TOKENS).put("prompt_per_second", 560.0)
                    .put("predicted_n", total).put("predicted_ms", 123.4)
                    .put("predicted_per_token_ms", 123.4 / Math.max(1, total))
                    .put("predicted_per_second", 1000.0 * total / 123.4);
        }
        return c;
    }

    private static ObjectNode usage(int completion) {
        return JSON.createObjectNode().put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", completion)
                .put("total_tokens", PROMPT_TOKENS + completion);
    }

    private static String event(ObjectNode json) {
        return "data: " + json + "\n\n";
    }
}
