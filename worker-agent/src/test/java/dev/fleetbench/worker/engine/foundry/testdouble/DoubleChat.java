package dev.fleetbench.worker.engine.foundry.testdouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/chat/completions} of the double (spec §4.6): real tokens from the embedded engine, each written
 * and flushed as one SSE chunk the moment it is produced, shaped by the {@link Quirks}: legacy extra keys, a
 * duplicated {@code message}, changing ids, no {@code finish_reason}, usage only when asked and supported, an error
 * event mid-stream, or the whole service dying mid-stream. G1 auto-loads a cached model (UNVERIFIED in the spec);
 * G2/G3 answer 400 "Model not loaded".
 */
final class DoubleChat {

    private final FoundryDouble d;
    private final HttpExchange x;
    private final boolean g1;
    private final Quirks q;
    private int chunkNo;

    DoubleChat(FoundryDouble d, HttpExchange x, boolean g1) {
        this.d = d;
        this.x = x;
        this.g1 = g1;
        this.q = d.quirks;
    }

    void run(String body) throws IOException {
        JsonNode req = DoubleRoutes.JSON.readTree(body);
        String model = req.path("model").asText("");
        DoubleVariant v = d.variant(model);
        if (v == null || g1 && !d.isCached(v.id())) {
            if (g1) {
                DoubleRoutes.text(x, 400, "No OpenAIService provider found for modelName:" + model);
            } else {
                DoubleRoutes.error(x, 404, "Model not found: " + model);
            }
            return;
        }
        if (!d.loadedIds().contains(v.id())) {
            if (!g1) {
                DoubleRoutes.error(x, 400, "Model not loaded: " + v.id());
                return;
            }
            d.load(v);
        }
        List<ChatMessage> messages = new ArrayList<>();
        req.path("messages").forEach(m -> messages.add(new ChatMessage(m.path("role").asText("user"),
                m.path("content").asText(""))));
        int maxTokens = req.path("max_tokens").asInt(req.path("max_completion_tokens").asInt(64));
        if (!req.path("stream").asBoolean(false)) {
            nonStream(v, messages, maxTokens, req);
            return;
        }
        boolean usage = q.includeUsage && req.path("stream_options").path("include_usage").asBoolean(false);
        x.getResponseHeaders().set("Content-Type", "text/event-stream");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        AtomicBoolean stop = new AtomicBoolean();
        int[] tokens = {0};
        long interval = q.tokenIntervalMs.getOrDefault(v.key(), 0L);
        long[] firstAt = {0};
        pause(q.firstTokenDelayMs);
        if (!g1) {
            send(out, chunk(v, "", "assistant", null));
        }
        ChatResult result;
        try {
            result = d.backend().generate(v.backing(), messages, maxTokens, req.path("temperature").asDouble(0),
                    req.path("seed").asLong(42), stop::get, text -> {
                        if (stop.get()) {
                            return;
                        }
                        if (tokens[0] == q.dieAfterTokens) {
                            stop.set(true);
                            d.crash(); // drops this connection too
                            return;
                        }
                        if (tokens[0] == q.errorAfterTokens) {
                            stop.set(true);
                            sendQuietly(out, "{\"error\":{\"message\":\"inference failed: the execution provider"
                                    + " reported an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                            return;
                        }
                        if (tokens[0] > 0 && interval > 0) {
                            long deadline = firstAt[0] + tokens[0] * interval * 1_000_000L;
                            long busy = q.busyMsPerToken.getOrDefault(v.key(), 0L);
                            spinUntil(Math.min(deadline, System.nanoTime() + busy * 1_000_000L));
                            pauseUntil(deadline);
                        } else if (tokens[0] > 0) {
                            long busy = q.busyMsPerToken.getOrDefault(v.key(), 0L);
                            if (busy > 0) {
                                burn(busy);
                            } else {
                                pause(q.tokenDelayMs);
                            }
                        }
                        sendQuietly(out, chunk(v, text, tokens[0] == 0 && g1 ? "assistant" : null, null));
                        if (tokens[0] == 0) {
                            firstAt[0] = System.nanoTime();
                        }
                        tokens[0]++;
                    });
        } catch (EngineException e) {
            if (!stop.get()) {
                send(out, "{\"error\":{\"message\":\"" + e.getMessage().replace("\"", "'")
                        + "\",\"type\":\"server_error\"}}");
            }
            out.close();
            return;
        }
        if (stop.get()) {
            out.close();
            return;
        }
        String finish = result.finishReason() == null ? "stop" : result.finishReason();
        if (!q.noFinishReason) {
            send(out, chunk(v, null, null, finish));
        }
        if (usage) {
            ObjectNode u = JsonNodeFactory.instance.objectNode();
            u.put("id", "chatcmpl-usage").put("object", "chat.completion.chunk").put("created", 1_750_000_000L)
                    .put("model", v.id()).putArray("choices");
            int in = result.countedPromptTokens() == null ? 0 : result.countedPromptTokens();
            u.putObject("usage").put("prompt_tokens", in).put("completion_tokens", tokens[0])
                    .put("total_tokens", in + tokens[0]);
            send(out, u.toString());
        }
        send(out, "[DONE]");
        out.close();
    }

    private String chunk(DoubleVariant v, String content, String role, String finish) {
        int n = chunkNo++;
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("id", q.changingIds ? "chat.id." + n : g1 ? "chat.id.1" : "chatcmpl-3f2a9c");
        c.put("object", "chat.completion.chunk").put("created", 1_750_000_000L);
        if (q.changingIds) {
            c.putNull("model");
        } else {
            c.put("model", v.id());
        }
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", q.changingIds ? n : 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        if (q.duplicateMessage) {
            choice.set("message", delta.deepCopy());
        }
        if (finish != null) {
            choice.put("finish_reason", finish);
        } else if (!q.noFinishReason) {
            choice.putNull("finish_reason");
        }
        if (!g1) {
            c.putNull("system_fingerprint");
            choice.putNull("logprobs");
        }
        if (q.extraKeys) {
            c.put("CreatedAt", "2025-06-01T10:00:00+00:00").put("IsDelta", true).put("Successful", true)
                    .put("HttpStatusCode", 200).putNull("HeaderValues").putNull("StreamEvent").putNull("error")
                    .putNull("finish_details");
        }
        return c.toString();
    }

    private void nonStream(DoubleVariant v, List<ChatMessage> messages, int maxTokens, JsonNode req) throws IOException {
        StringBuilder text = new StringBuilder();
        ChatResult r;
        try {
            r = d.backend().generate(v.backing(), messages, maxTokens, req.path("temperature").asDouble(0),
                    req.path("seed").asLong(42), () -> false, text::append);
        } catch (EngineException e) {
            DoubleRoutes.error(x, 500, e.getMessage());
            return;
        }
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_750_000_000L).put("model", v.id());
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text.toString());
        choice.put("finish_reason", r.finishReason());
        int out = r.countedOutputTokens() == null ? 0 : r.countedOutputTokens();
        int in = r.countedPromptTokens() == null ? 0 : r.countedPromptTokens();
        c.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        DoubleRoutes.json(x, 200, c);
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendQuietly(OutputStream out, String data) {
        try {
            send(out, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Spends {@code ms} of this thread's CPU time, as a decode on the CPU does. Counted in CPU time, not wall time,
     * so that a busy machine stretches the token's wall time instead of shrinking its work.
     */
    private static void burn(long ms) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + ms * 1_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += x * 31 + 7; // work the JIT cannot drop: the result is published below
            }
        }
        SINK = x;
    }

    @SuppressWarnings("unused")
    private static volatile long SINK;

    /**
     * Computes until {@code System.nanoTime()} reaches the deadline: a decode on the CPU that keeps a core busy for as
     * long as the scheduler lets it, without moving the token's time (a busy machine lowers its CPU share instead).
     */
    private static void spinUntil(long deadlineNanos) {
        long x = 0;
        while (System.nanoTime() < deadlineNanos) {
            for (int i = 0; i < 1_000; i++) {
                x += x * 31 + 7;
            }
        }
        SINK = x;
    }

    /** Sleeps until {@code System.nanoTime()} reaches the deadline (at once when it has passed). */
    private static void pauseUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pause(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
