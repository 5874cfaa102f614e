package dev.fleetbench.worker.bench;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decode speed of the embedded engine as FleetBench measures it (timestamps per streamed chunk, tokens counted with
 * the tokenizer) against llama.cpp's own eval timing of the same requests, for the tiny trained stories260K and a
 * synthetic model of at least 50M parameters, with the same thread count, plus the process CPU use while measuring.
 * A program, not a test: it prints figures and ratios measured in one run, is bounded by a time budget, and ends
 * with {@code System.exit} (the binding leaves a non-daemon native thread behind).
 *
 * <pre>
 * ./mvnw -q -pl worker-agent -am process-classes -Pbench-embedded [-Dbench.args="--tokens 128 --reps 5"]
 * java -cp fleetbench-worker.jar dev.fleetbench.worker.bench.EmbeddedDecodeBenchmark [options]
 *   --models DIR     models folder (default ~/.fleetbench/models; synthetic-120m is generated there, 483 MB)
 *   --large ID       the large model (default synthetic-120m)
 *   --threads N      llama.cpp threads (default physical cores)
 *   --tokens N       tokens per request (default 128)
 *   --reps N         measured requests per model after one warm-up (default 5)
 *   --budget S       stop starting requests after S seconds in total (default 120)
 * </pre>
 */
public final class EmbeddedDecodeBenchmark {

    private static final String PROMPT = "Once upon a time";

    private EmbeddedDecodeBenchmark() {
    }

    /** Timestamps of one request, as the measurement layer takes them. */
    private static final class Clock implements StreamListener {
        long sent;
        final List<Long> chunks = new ArrayList<>();

        @Override
        public void onRequestSent() {
            sent = System.nanoTime();
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
            chunks.add(System.nanoTime());
        }
    }

    /** Figures of one model. */
    private record Row(String model, long params, double loadMs, int requests, double ourTps, double llamaTps,
                       double llamaStepTps, double ourTtftMs, double llamaPromptMs, double cpuCores, double cpuPct) {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private static void run(String[] args) throws EngineException {
        Path dir = ModelStore.defaultStore().dir();
        String large = "synthetic-120m";
        int threads = EmbeddedConfig.physicalCores();
        int tokens = 128;
        int reps = 5;
        long budgetS = 120;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> dir = Path.of(args[i + 1]);
                case "--large" -> large = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--budget" -> budgetS = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(budgetS).toNanos();
        EmbeddedConfig config = EmbeddedConfig.of(new ModelStore(dir)).withThreads(threads);
        List<Row> rows = new ArrayList<>();
        try (EmbeddedEngine engine = new EmbeddedEngine(config)) {
            System.out.printf(Locale.ROOT, "embedded decode benchmark: %s, %d threads, %d tokens/request, "
                    + "%d requests/model after 1 warm-up, models in %s%n", engine.info().version(), threads, tokens,
                    reps, dir);
            for (String id : List.of(ModelStore.BUNDLED_ID, large)) {
                rows.add(measure(engine, id, tokens, reps, deadline));
            }
        }
        print(rows, threads);
    }

    private static Row measure(EmbeddedEngine engine, String id, int tokens, int reps, long deadline)
            throws EngineException {
        ModelVariant v = engine.resolve(id, null);
        long t0 = System.nanoTime();
        engine.download(v, (p, d) -> { });
        double genMs = (System.nanoTime() - t0) / 1e6;
        if (genMs > 1000) {
            System.out.printf(Locale.ROOT, "  generated %s in %.1f s%n", id, genMs / 1000);
        }
        t0 = System.nanoTime();
        engine.load(v);
        double loadMs = (System.nanoTime() - t0) / 1e6;
        Timeouts limits = Timeouts.ofTotal(Duration.ofSeconds(60));
        engine.chat(ChatRequest.greedy(v.id(), PROMPT, tokens, limits), StreamListener.NONE); // warm-up

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> ours = new ArrayList<>();
        List<Double> llama = new ArrayList<>();
        List<Double> llamaSteps = new ArrayList<>();
        List<Double> ttft = new ArrayList<>();
        List<Double> prompt = new ArrayList<>();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int r = 0; r < reps && System.nanoTime() < deadline; r++) {
            Clock clock = new Clock();
            ChatResult res = engine.chat(ChatRequest.greedy(v.id(), PROMPT, tokens, limits), clock);
            long first = clock.chunks.get(0);
            long last = clock.chunks.get(clock.chunks.size() - 1);
            int n = res.countedOutputTokens();
            if (n > 1 && last > first) {
                ours.add((n - 1) / ((last - first) / 1e9)); // decode_tps as metrics.md defines it
            }
            ttft.add((first - clock.sent) / 1e6);
            Map<String, Double> t = res.engineTimings();
            if (t.containsKey("eval_ms") && t.get("eval_ms") > 0) {
                llama.add(t.get("eval_tokens") / t.get("eval_ms") * 1000); // as llama.cpp prints its eval rate
                // llama.cpp's eval time runs from the first sampled token to the last: n - 1 decode steps
                llamaSteps.add((t.get("eval_tokens") - 1) / t.get("eval_ms") * 1000);
                prompt.add(t.get("prompt_eval_ms"));
            }
        }
        double wallS = (System.nanoTime() - wall0) / 1e9;
        double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / wallS;
        double pct = 100 * cores / Runtime.getRuntime().availableProcessors();
        engine.unload(v);
        return new Row(v.id(), v.parameterCount(), loadMs, ours.size(), median(ours), median(llama),
                median(llamaSteps), median(ttft), median(prompt), cores, pct);
    }

    private static void print(List<Row> rows, int threads) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-15s %12s %8s %4s %10s %12s %12s %10s %8s %8s %12s%n", "model", "params",
                "load ms", "reqs", "ours tok/s", "llama tok/s", "llama (n-1)", "ours/llama", "ttft ms",
                "pp ms", "cpu cores");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-15s %,12d %8.1f %4d %10.1f %12.1f %12.1f %10.3f %8.2f %8.2f %5.2f (%3.0f%%)%n",
                    r.model, r.params, r.loadMs, r.requests, r.ourTps, r.llamaTps, r.llamaStepTps,
                    r.ourTps / r.llamaStepTps, r.ourTtftMs, r.llamaPromptMs, r.cpuCores, r.cpuPct);
        }
        System.out.println();
        System.out.println("ours tok/s  = (n_out - 1) / (t_last - t_first): chunk timestamps taken by the stream listener,"
                + " n_out counted with the model's tokenizer");
        System.out.println("llama tok/s = eval_tokens / eval_ms as llama.cpp prints it (print_timings, read from its log"
                + " file)");
        System.out.println("llama (n-1) = (eval_tokens - 1) / eval_ms: llama.cpp's eval time spans n - 1 decode steps,"
                + " so this is the like-for-like figure; ours/llama uses it");
        System.out.println("ttft ms     = first chunk - t_send (ours); pp ms = llama.cpp's prompt eval time");
        System.out.println("cpu cores   = process CPU time / wall time over the measured requests (" + threads
                + " llama.cpp threads; % of all " + Runtime.getRuntime().availableProcessors() + " cores);"
                + " all figures are medians over the requests");
        if (rows.size() == 2) {
            System.out.printf(Locale.ROOT, "small/large decode ratio: ours %.2f, llama.cpp %.2f%n",
                    rows.get(0).ourTps / rows.get(1).ourTps, rows.get(0).llamaStepTps / rows.get(1).llamaStepTps);
        }
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
