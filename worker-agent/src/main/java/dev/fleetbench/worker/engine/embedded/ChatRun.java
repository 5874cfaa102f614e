package dev.fleetbench.worker.engine.embedded;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One streamed request on a loaded model: renders the prompt, streams every output of the binding's iterator to the
 * listener as it arrives, polls cancellation and time limits between outputs, then counts tokens and collects
 * llama.cpp's own timings. Used by one thread at a time.
 *
 * <p>Limits are checked between outputs only: the binding offers no safe way to interrupt a blocked
 * {@code next()} (cancelling a task from another thread can leave the reader waiting forever), and one output
 * takes milliseconds on the models this engine runs.
 */
final class ChatRun {

    private final LoadedModel loaded;
    private final Duration timingsWait;

    ChatRun(LoadedModel loaded, Duration timingsWait) {
        this.loaded = loaded;
        this.timingsWait = timingsWait;
    }

    ChatResult run(ChatRequest request, StreamListener listener) throws EngineException {
        if (request.cancelled().getAsBoolean()) {
            throw new EngineException(FailureCode.CANCELLED, "cancelled before the request was sent");
        }
        LlamaModel model = loaded.model();
        String prompt = render(request.messages());
        int promptTokens = promptTokens(prompt);
        if (request.maxTokens() < 1) {
            throw new EngineException(FailureCode.INVALID_INPUT, "maxTokens must be at least 1");
        }
        if (promptTokens + request.maxTokens() > loaded.contextSize()) {
            throw new EngineException(FailureCode.CONTEXT_OVERFLOW, "prompt (" + promptTokens + " tokens) + maxTokens ("
                    + request.maxTokens() + ") exceed the context of " + loaded.contextSize() + " tokens of "
                    + loaded.id());
        }
        InferenceParameters params = new InferenceParameters(prompt)
                .setNPredict(request.maxTokens())
                .setTemperature((float) Math.max(0, request.temperature()))
                .setSeed((int) request.seed())
                // Every request pays its full prefill: a benchmark must not measure the KV cache of the last one.
                .setCachePrompt(false)
                .setIgnoreEos(loaded.synthetic());
        long mark = loaded.log().mark();
        StringBuilder text = new StringBuilder();
        long nextNanos = 0;
        int outputs = 0;
        listener.onRequestSent();
        long sent = System.nanoTime();
        long lastChunk = 0;
        LlamaIterator it = null;
        try {
            it = model.generate(params).iterator();
            while (it.hasNext()) {
                long before = System.nanoTime();
                LlamaOutput out = it.next();
                long now = System.nanoTime();
                if (outputs > 0) {
                    nextNanos += now - before;
                }
                if (!out.text.isEmpty()) {
                    listener.onChunk(StreamListener.ChunkKind.CONTENT, out.text);
                    text.append(out.text);
                    outputs++;
                    lastChunk = now;
                }
                checkLimits(request, sent, lastChunk, System.nanoTime());
            }
        } catch (EngineException e) {
            it.cancel();
            throw e;
        } catch (RuntimeException e) {
            if (it != null) {
                it.cancel();
            }
            throw new EngineException(FailureCode.ENGINE_ERROR, "llama.cpp failed on " + loaded.id() + ": "
                    + e.getMessage(), e);
        }
        listener.onStreamEnd();
        if (text.length() == 0) {
            throw new EngineException(FailureCode.EMPTY_RESPONSE, loaded.id() + " generated no text");
        }
        int outputTokens = Math.max(0, count(prompt + text) - count(prompt));
        Map<String, Double> timings = new LinkedHashMap<>(loaded.log().timingsSince(mark, timingsWait));
        if (loaded.gpuLayers() != null) {
            timings.put("gpu_layers_offloaded", (double) loaded.gpuLayers()); // the device that ran, per llama.cpp
        }
        Integer usagePrompt = null;
        Integer usageOutput = null;
        if (timings.containsKey("eval_tokens")) {
            usagePrompt = timings.get("prompt_eval_tokens").intValue();
            usageOutput = timings.get("eval_tokens").intValue();
        } else if (outputs > 1) {
            // Fallback, named apart: the mean time one iterator step blocked inside the binding (outputs 2..k).
            timings.put("binding_token_ms_mean", nextNanos / 1e6 / (outputs - 1));
            timings.put("binding_outputs", (double) outputs);
        }
        int generated = usageOutput != null ? usageOutput : outputTokens;
        String finish = generated >= request.maxTokens() ? "length" : "stop";
        usageOutput = arrived(finish, usageOutput, outputs);
        return new ChatResult(finish, usagePrompt, usageOutput, promptTokens, outputTokens, timings);
    }

    /**
     * The generated tokens that brought text: llama.cpp's {@code eval_tokens} of a generation that stopped counts
     * the end-of-sequence token it sampled, which brings none (its own figure stays in the engine timings). Pure.
     *
     * @param outputs outputs of the binding that carried text (one per token)
     */
    static Integer arrived(String finish, Integer evalTokens, int outputs) {
        return "stop".equals(finish) && evalTokens != null && evalTokens > outputs ? Integer.valueOf(evalTokens - 1) : evalTokens;
    }

    private static void checkLimits(ChatRequest request, long sent, long lastChunk, long now)
            throws EngineException {
        if (request.cancelled().getAsBoolean()) {
            throw new EngineException(FailureCode.CANCELLED, "cancelled while generating");
        }
        if (now - sent > request.timeouts().total().toNanos()) {
            throw new EngineException(FailureCode.TIMEOUT, "total time limit of " + request.timeouts().total()
                    + " exceeded");
        }
        if (lastChunk == 0 && now - sent > request.timeouts().firstToken().toNanos()) {
            throw new EngineException(FailureCode.TIMEOUT, "no first token within " + request.timeouts().firstToken());
        }
        if (lastChunk != 0 && now - lastChunk > request.timeouts().idle().toNanos()) {
            throw new EngineException(FailureCode.TIMEOUT, "no token for longer than " + request.timeouts().idle());
        }
    }

    /** Tokens of one user message as {@link #run} sends it. */
    int userPromptTokens(String userText) throws EngineException {
        return promptTokens(render(List.of(ChatMessage.user(userText))));
    }

    private int promptTokens(String rendered) throws EngineException {
        return count(rendered) + (loaded.addBos() ? 1 : 0);
    }

    private int count(String text) throws EngineException {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return loaded.model().encode(text).length;
        } catch (RuntimeException e) {
            throw new EngineException(FailureCode.ENGINE_ERROR, "llama.cpp could not tokenize: " + e.getMessage(), e);
        }
    }

    private String render(List<ChatMessage> messages) throws EngineException {
        if (loaded.gguf().chatTemplate().isEmpty()) {
            return PromptFormat.plain(messages);
        }
        Function<PromptFormat.Split, String> builtIn = s -> loaded.model().applyTemplate(params(s, false));
        Function<PromptFormat.Split, String> jinja = s -> loaded.model().applyTemplate(params(s, true));
        return PromptFormat.templated(messages, List.of(builtIn, jinja));
    }

    private static InferenceParameters params(PromptFormat.Split split, boolean jinja) {
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage m : split.turns()) {
            turns.add(new Pair<>(m.role(), m.content()));
        }
        InferenceParameters p = new InferenceParameters("").setMessages(split.system(), turns);
        return jinja ? p.setUseChatTemplate(true) : p;
    }
}
