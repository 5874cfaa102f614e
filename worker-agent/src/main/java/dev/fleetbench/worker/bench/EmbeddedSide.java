package dev.fleetbench.worker.bench;

import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.engine.embedded.NativeLibrary;
import dev.fleetbench.worker.gguf.ModelStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedded engine's side of {@link NativeReferenceBenchmark}, in a JVM of its own: a process loads one native
 * library of the binding for its whole life, so the binding's own library and one built on this machine are measured
 * by two such processes, each the agent's path (one {@link EmbeddedEngine}, one model loaded). It loads the model,
 * writes {@code info <engine version> <fingerprint settings>} on standard output, then answers each line
 * {@code run <reps> <warm-up 0|1>} on standard input with {@code rates <tok/s> ...} (decode rate per request as every
 * sample's decode_tps: (n_out - 1) / (t_last - t_first) from chunk timestamps), and ends at {@code quit} or end of
 * input. Errors go to standard error and end it with exit 1.
 *
 * <pre>
 * EmbeddedSide --models DIR --model ID --threads N --tokens N [--llama-lib FOLDER]
 * </pre>
 */
public final class EmbeddedSide {

    static final String PROMPT = "Once upon a time";

    private EmbeddedSide() {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Exception e) {
            System.err.println("embedded side failed: " + e.getMessage());
            code = 1;
        }
        System.exit(code); // the binding leaves a non-daemon native thread behind
    }

    private static void run(String[] args) throws Exception {
        Path dir = null;
        String model = null;
        Integer threads = null;
        int tokens = 128;
        Path lib = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> dir = Path.of(args[i + 1]);
                case "--model" -> model = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                case "--llama-lib" -> lib = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null || model == null || threads == null) {
            throw new IllegalArgumentException("--models, --model and --threads are required");
        }
        PrintStream out = System.out;
        System.setOut(System.err); // whatever the binding prints stays out of the protocol
        EmbeddedConfig config = EmbeddedConfig.of(new ModelStore(dir)).withThreads(threads);
        config = config.withLibrary(lib == null ? NativeLibrary.bundled() : NativeLibrary.configured(lib, null));
        try (EmbeddedEngine engine = new EmbeddedEngine(config)) {
            var v = engine.resolve(model, null);
            engine.load(v);
            out.println("info " + engine.info().version() + ", " + engine.info().settings());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
                String[] w = line.strip().split(" ");
                if (w.length != 3 || !w[0].equals("run")) {
                    throw new IllegalArgumentException("expected 'run <reps> <warm-up 0|1>', got '" + line + "'");
                }
                List<Double> rates = rates(engine, v.id(), tokens, Integer.parseInt(w[1]), w[2].equals("1"));
                out.println("rates " + rates.stream().map(r -> String.format(Locale.ROOT, "%.3f", r))
                        .collect(Collectors.joining(" ")));
                out.flush();
            }
            engine.unload(v);
        }
    }

    /** The decode rate of each of {@code reps} requests, after one warm-up request if asked. */
    static List<Double> rates(EmbeddedEngine engine, String id, int tokens, int reps, boolean warmUp)
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
}
