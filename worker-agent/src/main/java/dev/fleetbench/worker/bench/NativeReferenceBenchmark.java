package dev.fleetbench.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.llamacpp.NativeLlamaCpp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine against native llama.cpp on the same machine, files and thread counts: {@code llama-bench}'s
 * tg128 (built from source with {@code -march=native}, found or built by {@link NativeLlamaCpp}) beside the embedded
 * engine's decode rate as FleetBench measures it ((n_out - 1) / (t_last - t_first) from chunk timestamps), at one
 * thread and at the agent's default thread count, and the ratio of the two. A program, not a test: it prints figures
 * measured in one run and ends with {@code System.exit} (the binding leaves a non-daemon native thread behind).
 *
 * <pre>
 * ./mvnw -q -pl worker-agent -am process-classes -Pbench-native [-Dbench.args="--reps 5"]
 *   --models DIR      models folder (default ~/.fleetbench/models; synthetic-30m and -120m are generated there)
 *   --model ID        a model to measure (repeatable; default stories260K, synthetic-30m, synthetic-120m)
 *   --threads N,M     thread counts (default 1, the agent's default and the physical cores)
 *   --tokens N        generated tokens (default 128, as tg128)
 *   --reps N          repetitions on both sides (default 5)
 * </pre>
 */
public final class NativeReferenceBenchmark {

    private static final String PROMPT = "Once upon a time";

    private NativeReferenceBenchmark() {
    }

    private record Row(String model, int threads, double nativeTps, double nativeMin, double nativeMax,
                       double embeddedTps, double embeddedMin, double embeddedMax, int n) {
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

    private static void run(String[] args) throws Exception {
        Path dir = ModelStore.defaultStore().dir();
        List<String> models = new ArrayList<>();
        LinkedHashSet<Integer> threads = new LinkedHashSet<>();
        int tokens = 128;
        int reps = 3;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> dir = Path.of(args[i + 1]);
                case "--model" -> models.add(args[i + 1]);
                case "--threads" -> Arrays.stream(args[i + 1].split(",")).map(String::strip)
                        .forEach(t -> threads.add(Integer.parseInt(t)));
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (models.isEmpty()) {
            models.addAll(List.of(ModelStore.BUNDLED_ID, "synthetic-30m", "synthetic-120m"));
        }
        int agentDefault = EmbeddedConfig.defaults().threads();
        if (threads.isEmpty()) {
            threads.add(1);
            threads.add(agentDefault);
            threads.add(EmbeddedConfig.physicalCores()); // what the default was before it left a core to the agent
        }
        NativeLlamaCpp tools = NativeLlamaCpp.findOrBuild();
        ModelStore store = new ModelStore(dir);
        store.installBundled();
        List<Row> rows = new ArrayList<>();
        String embeddedVersion = "?";
        long started = System.nanoTime();
        for (String id : models) {
            Path file = store.ensure(id);
            for (int t : threads) {
                // Rounds alternate the two sides so that whatever else the machine does falls on both alike.
                List<Double> nat = new ArrayList<>();
                List<Double> emb = new ArrayList<>();
                try (EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(store).withThreads(t))) {
                    var v = engine.resolve(id, null);
                    engine.load(v);
                    embeddedVersion = engine.info().version() + ", " + engine.info().settings();
                    for (int round = 0; round < rounds; round++) {
                        nat.addAll(llamaBench(tools, file, t, tokens, reps));
                        emb.addAll(embedded(engine, v.id(), tokens, reps, round == 0));
                    }
                    engine.unload(v);
                }
                rows.add(new Row(id, t, median(nat), min(nat), max(nat), median(emb), min(emb), max(emb),
                        emb.size()));
                System.err.printf(Locale.ROOT, "  %s, %d threads: native %.1f, embedded %.1f tok/s%n", id, t,
                        median(nat), median(emb));
            }
        }
        print(tools, embeddedVersion, rows, tokens, reps * rounds, agentDefault, (System.nanoTime() - started) / 1e9);
    }

    /** llama-bench tg{tokens}: the rate of each of {@code reps} repetitions (after its own warm-up run). */
    private static List<Double> llamaBench(NativeLlamaCpp tools, Path file, int threads, int tokens, int reps)
            throws IOException, InterruptedException {
        ProcessBuilder pb = tools.tool("llama-bench", List.of("-m", file.toString(), "-p", "0", "-n",
                        Integer.toString(tokens), "-t", Integer.toString(threads), "-r", Integer.toString(reps),
                        "-o", "json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // the reference runs as built, whatever OpenMP settings this process was given
        pb.environment().keySet().removeIf(k -> k.startsWith("OMP_") || k.startsWith("GOMP_"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("llama-bench failed on " + file + " (exit " + p.exitValue() + ")");
        }
        JsonNode results = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
        List<Double> rates = new ArrayList<>();
        results.get(0).get("samples_ts").forEach(x -> rates.add(x.asDouble()));
        return rates;
    }

    /** The embedded engine's decode rate per request as the measurement defines it (one warm-up first if asked). */
    private static List<Double> embedded(EmbeddedEngine engine, String id, int tokens, int reps, boolean warmUp)
            throws EngineException {
        Timeouts limits = Timeouts.ofTotal(Duration.ofSeconds(120));
        if (warmUp) {
            engine.chat(ChatRequest.greedy(id, PROMPT, tokens, limits), StreamListener.NONE);
        }
        List<Double> tps = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            List<Long> chunks = new ArrayList<>();
            ChatResult res = engine.chat(ChatRequest.greedy(id, PROMPT, tokens, limits), new StreamListener() {
                @Override
                public void onRequestSent() {
                }

                @Override
                public void onChunk(ChunkKind kind, String text) {
                    chunks.add(System.nanoTime());
                }
            });
            int n = res.countedOutputTokens();
            long span = chunks.get(chunks.size() - 1) - chunks.get(0);
            tps.add((n - 1) / (span / 1e9));
        }
        return tps;
    }

    private static void print(NativeLlamaCpp tools, String embedded, List<Row> rows, int tokens, int n,
                              int agentDefault, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "native:   llama.cpp %s (commit %s), llama-bench -p 0 -n %d, from %s%n",
                tools.tag(), tools.commit(), tokens, tools.bin());
        System.out.printf(Locale.ROOT, "embedded: %s%n          %d tokens per request after 1 warm-up%n", embedded,
                tokens);
        System.out.printf(Locale.ROOT, "machine:  %d logical cores, %d physical; the agent's default is %d threads;"
                + " load average %.2f; %.0f s%n", Runtime.getRuntime().availableProcessors(),
                EmbeddedConfig.physicalCores(), agentDefault,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), seconds);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-15s %7s %13s %17s %15s %17s %16s%n", "model", "threads", "native tok/s",
                "native min-max", "embedded tok/s", "embedded min-max", "embedded/native");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-15s %7s %13.1f %8.1f-%-8.1f %15.1f %8.1f-%-8.1f %16.2f%n", r.model,
                    r.threads + (r.threads == agentDefault ? "*" : ""), r.nativeTps, r.nativeMin, r.nativeMax,
                    r.embeddedTps, r.embeddedMin, r.embeddedMax, r.embeddedTps / r.nativeTps);
        }
        System.out.println();
        System.out.println("* the agent's default thread count. Medians of " + n + " per side (rounds alternate the"
                + " sides): native = llama-bench's t/s per repetition; embedded = (n_out - 1) / (t_last - t_first)"
                + " from chunk timestamps, as every sample's decode_tps.");
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
