package dev.fleetbench.worker.engine.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses llama.cpp's own per-request timings from its log text: the block its server code prints when a request
 * ends ({@code print_timings}), e.g.
 *
 * <pre>
 * prompt eval time =       4.90 ms /     5 tokens (    0.98 ms per token,  1020.20 tokens per second)
 *        eval time =      38.46 ms /    32 tokens (    1.20 ms per token,   832.03 tokens per second)
 *       total time =      43.36 ms /    37 tokens
 * </pre>
 *
 * into {@code prompt_eval_ms}, {@code prompt_eval_tokens}, {@code prompt_eval_per_token_ms}, {@code eval_ms},
 * {@code eval_tokens}, {@code eval_per_token_ms}, {@code eval_tps}, {@code total_ms}. What llama.cpp means by them:
 * prompt eval = the prefill of the prompt tokens not reused from the cache (all of them, the engine disables prompt
 * caching); eval = generation, timed inside llama.cpp from the moment the first token is sampled (at the end of
 * the prefill) to the last, so {@code eval_ms} spans {@code eval_tokens − 1} decode steps although llama.cpp divides
 * by {@code eval_tokens} for its per-token figure (measured: our chunk-timestamp rate is 31/32 of its printed rate
 * for 32 tokens). Pure and stateless.
 */
public final class LlamaTimings {

    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?|inf|nan|-nan)";
    private static final Pattern PROMPT = Pattern.compile("(?m)^\\s*prompt eval time\\s*=\\s*" + NUM
            + "\\s*ms\\s*/\\s*([0-9]+)\\s*tokens(?:\\s*\\(\\s*" + NUM + "\\s*ms per token)?");
    private static final Pattern EVAL = Pattern.compile("(?m)^\\s*eval time\\s*=\\s*" + NUM
            + "\\s*ms\\s*/\\s*([0-9]+)\\s*(?:tokens|runs)(?:\\s*\\(\\s*" + NUM + "\\s*ms per token,\\s*" + NUM
            + "\\s*tokens per second\\))?");
    private static final Pattern TOTAL = Pattern.compile("(?m)^\\s*total time\\s*=\\s*" + NUM + "\\s*ms");
    private static final Pattern BUILD = Pattern.compile("(?m)^build: ([0-9]+) \\(");
    private static final Pattern ASSIGNED = Pattern.compile("(?m)^load_tensors: layer\\s+[0-9]+ assigned to device ([^,\\s]+)");
    private static final Pattern OFFLOADED = Pattern.compile("offloaded ([0-9]+)/([0-9]+) layers to GPU");

    private LlamaTimings() {
    }

    /**
     * The figures of the first complete timing block in {@code log} (one that has its {@code total time} line, so a
     * block still being written is not taken); empty when there is none.
     */
    public static Map<String, Double> parse(String log) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher p = PROMPT.matcher(log);
        if (!p.find()) {
            return out;
        }
        Matcher e = EVAL.matcher(log);
        Matcher t = TOTAL.matcher(log);
        if (!e.find(p.end()) || !t.find(e.end())) {
            return out;
        }
        put(out, "prompt_eval_ms", p.group(1));
        put(out, "prompt_eval_tokens", p.group(2));
        put(out, "prompt_eval_per_token_ms", p.group(3));
        put(out, "eval_ms", e.group(1));
        put(out, "eval_tokens", e.group(2));
        put(out, "eval_per_token_ms", e.group(3));
        put(out, "eval_tps", e.group(4));
        put(out, "total_ms", t.group(1));
        return out;
    }

    /**
     * How many layers llama.cpp put on a GPU when it loaded a model: the device that ran, as llama.cpp itself says
     * it. Read from the layer assignments it logs ({@code "load_tensors: layer   0 assigned to device CPU"}, or
     * {@code Metal}), each layer on a device other than the CPU counted; else from its summary line
     * ({@code "load_tensors: offloaded 6/6 layers to GPU"}); empty when it said neither.
     */
    public static Optional<Integer> offloadedLayers(String log) {
        Matcher a = ASSIGNED.matcher(log);
        int layers = 0;
        int onGpu = 0;
        while (a.find()) {
            layers++;
            if (!a.group(1).startsWith("CPU")) {
                onGpu++;
            }
        }
        if (layers > 0) {
            return Optional.of(onGpu);
        }
        Matcher m = OFFLOADED.matcher(log);
        Integer last = null;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return Optional.ofNullable(last);
    }

    /**
     * The llama.cpp build llama.cpp logs when it loads a model ({@code "build: 4916 (c6af2161)"}), as "b4916" (the
     * release tag form, so the engine's version text is the same before and after the first load).
     */
    public static Optional<String> build(String log) {
        Matcher m = BUILD.matcher(log);
        return m.find() ? Optional.of("b" + m.group(1)) : Optional.empty();
    }

    private static void put(Map<String, Double> out, String key, String value) {
        if (value == null) {
            return;
        }
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                out.put(key, d);
            }
        } catch (NumberFormatException ignored) {
            // "inf"/"nan" (zero-duration phases): leave the figure out rather than store a non-number.
        }
    }
}
