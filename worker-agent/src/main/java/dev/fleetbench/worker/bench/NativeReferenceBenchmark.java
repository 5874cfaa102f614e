package dev.fleetbench.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetbench.common.stats.MedianInterval;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.NativeLibrary;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.llamacpp.MachineBuiltBinding;
import dev.fleetbench.worker.llamacpp.NativeLlamaCpp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * thread and at the agent's default thread count, and the ratio of the two. With {@code --llama-lib} it measures the
 * embedded engine twice, with the binding's own library and with one built for this machine
 * ({@code llama-cpp/build-jllama.sh}), each in a JVM of its own ({@link EmbeddedSide}: a process loads one library).
 * A program, not a test: it prints figures measured in one run.
 *
 * <pre>
 * ./mvnw -q -pl worker-agent -am process-classes -Pbench-native [-Dbench.args="--reps 5"]
 *   --models DIR      models folder (default ~/.fleetbench/models; synthetic-30m and -120m are generated there)
 *   --model ID        a model to measure (repeatable; default stories260K, synthetic-30m, synthetic-120m)
 *   --threads N,M     thread counts (default 1, the agent's default and the physical cores)
 *   --tokens N        generated tokens (default 128, as tg128)
 *   --reps N          repetitions per round on every side (default 3)
 *   --rounds N        rounds; each runs native, then the embedded engine with each library (default 3)
 *   --llama-lib DIR   also measure the embedded engine with the machine-built library in DIR; "built" finds it in
 *                     the cache (building it first when missing, from a checkout)
 * </pre>
 */
public final class NativeReferenceBenchmark {

    private NativeReferenceBenchmark() {
    }

    /**
     * One model at one thread count: every side's rates, and per round the ratio of the embedded engine's median to
     * llama-bench's median in that round (paired: the two ran minutes apart at most, under the same conditions).
     */
    private record Row(String model, int threads, List<Double> nat, List<Double> bundled, List<Double> built,
                       List<Double> server, List<Double> pairedBundled, List<Double> pairedBuilt) {
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
        int rounds = 9;
        String lib = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--models" -> dir = Path.of(args[i + 1]);
                case "--model" -> models.add(args[i + 1]);
                case "--threads" -> Arrays.stream(args[i + 1].split(",")).map(String::strip)
                        .forEach(t -> threads.add(Integer.parseInt(t)));
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--llama-lib" -> lib = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
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
        Path built = lib == null ? null
                : lib.equals("built") ? MachineBuiltBinding.findOrBuild() : Path.of(lib).toAbsolutePath();
        if (built != null) {
            NativeLibrary.configured(built, null); // a clear error now for a folder without the library
        }
        NativeLlamaCpp tools = NativeLlamaCpp.findOrBuild();
        ModelStore store = new ModelStore(dir);
        store.installBundled();
        List<Row> rows = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        long started = System.nanoTime();
        for (String id : models) {
            Path file = store.ensure(id);
            for (int t : threads) {
                // Rounds alternate the sides so that whatever else the machine does falls on all of them alike.
                List<Double> nat = new ArrayList<>();
                List<Double> bun = new ArrayList<>();
                List<Double> own = new ArrayList<>();
                List<Double> srv = new ArrayList<>();
                List<Double> pairedBun = new ArrayList<>();
                List<Double> pairedOwn = new ArrayList<>();
                try (ServerSide server = ServerSide.start(tools, file, t);
                     Side bundled = Side.start(store.dir(), id, t, tokens, null);
                     Side machine = built == null ? null : Side.start(store.dir(), id, t, tokens, built)) {
                    versions.add(bundled.info);
                    if (machine != null) {
                        versions.add(machine.info);
                    }
                    for (int round = 0; round < rounds; round++) {
                        // Every side warms up in every round (llama-bench does in each of its processes), and the
                        // order turns round every other round, so that neither a warm-up nor a place in the round
                        // favours one side.
                        List<Double> n = List.of();
                        List<Double> b = List.of();
                        List<Double> o = List.of();
                        for (int step = 0; step < 4; step++) {
                            switch (round % 2 == 0 ? step : 3 - step) {
                                case 0 -> n = llamaBench(tools, file, t, tokens, reps);
                                case 1 -> srv.addAll(server.rates(tokens, reps, true));
                                case 2 -> b = bundled.rates(reps, true);
                                default -> o = machine == null ? List.of() : machine.rates(reps, true);
                            }
                        }
                        nat.addAll(n);
                        bun.addAll(b);
                        own.addAll(o);
                        pairedBun.add(median(b) / median(n));
                        if (!o.isEmpty()) {
                            pairedOwn.add(median(o) / median(n));
                        }
                    }
                }
                rows.add(new Row(id, t, nat, bun, own, srv, pairedBun, pairedOwn));
                System.err.printf(Locale.ROOT, "  %s, %d threads: native %.1f, embedded %.1f%s tok/s%n", id, t,
                        median(nat), median(bun), own.isEmpty() ? "" : String.format(Locale.ROOT,
                                ", embedded with the machine-built library %.1f", median(own)));
            }
        }
        print(tools, versions, rows, tokens, reps * rounds, agentDefault, (System.nanoTime() - started) / 1e9);
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

    /**
     * The same native build's llama-server, generating as a real server does (sampling and its slot loop included):
     * the rate it reports itself for each request, the reference that does the work the embedded engine does.
     */
    private static final class ServerSide implements AutoCloseable {
        private final Process process;
        private final java.net.URI uri;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        private ServerSide(Process process, int port) {
            this.process = process;
            this.uri = java.net.URI.create("http://127.0.0.1:" + port);
        }

        static ServerSide start(NativeLlamaCpp tools, Path file, int threads) throws IOException, InterruptedException {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            ProcessBuilder pb = tools.tool("llama-server", List.of("-m", file.toString(), "-t",
                    Integer.toString(threads), "-tb", Integer.toString(threads), "-c", "2048", "--host", "127.0.0.1",
                    "--port", Integer.toString(port))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().keySet().removeIf(k -> k.startsWith("OMP_") || k.startsWith("GOMP_"));
            ServerSide side = new ServerSide(pb.start(), port);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                try {
                    if (side.http.send(java.net.http.HttpRequest.newBuilder(side.uri.resolve("/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return side;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (!side.process.isAlive() || System.nanoTime() > deadline) {
                    side.close();
                    throw new IOException("llama-server did not start on " + file + " within 2 minutes");
                }
                Thread.sleep(100);
            }
        }

        /** {@code reps} requests of {@code tokens} tokens (after one warm-up when asked): the server's own rates. */
        List<Double> rates(int tokens, int reps, boolean warmUp) throws IOException, InterruptedException {
            if (warmUp) {
                rate(tokens);
            }
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                out.add(rate(tokens));
            }
            return out;
        }

        private double rate(int tokens) throws IOException, InterruptedException {
            String body = "{\"prompt\":\"Once upon a time\",\"n_predict\":" + tokens
                    + ",\"ignore_eos\":true,\"cache_prompt\":false}";
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            uri.resolve("/completion")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("content-type", "application/json").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode timings = new ObjectMapper().readTree(r.body()).path("timings");
            if (r.statusCode() != 200 || !timings.has("predicted_per_second")) {
                throw new IOException("llama-server answered " + r.statusCode() + ": " + r.body());
            }
            return timings.get("predicted_per_second").asDouble();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One {@link EmbeddedSide} process: the embedded engine with one library and one model loaded. */
    private static final class Side implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final String info;

        private Side(Process process) throws IOException {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.info = expect("info ");
        }

        static Side start(Path models, String model, int threads, int tokens, Path lib) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    EmbeddedSide.class.getName(), "--models", models.toString(), "--model", model,
                    "--threads", Integer.toString(threads), "--tokens", Integer.toString(tokens)));
            if (lib != null) {
                cmd.addAll(List.of("--llama-lib", lib.toString()));
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                return new Side(p);
            } catch (IOException e) {
                p.destroyForcibly();
                throw e;
            }
        }

        List<Double> rates(int reps, boolean warmUp) throws IOException {
            in.println("run " + reps + " " + (warmUp ? 1 : 0));
            String line = expect("rates ");
            List<Double> rates = new ArrayList<>();
            for (String r : line.strip().split(" ")) {
                rates.add(Double.parseDouble(r));
            }
            return rates;
        }

        private String expect(String prefix) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(prefix)) {
                throw new IOException("the embedded side ended without '" + prefix.strip() + "' (its error is above)");
            }
            return line.substring(prefix.length());
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void print(NativeLlamaCpp tools, List<String> versions, List<Row> rows, int tokens, int n,
                              int agentDefault, double seconds) {
        boolean both = rows.stream().anyMatch(r -> !r.built.isEmpty());
        System.out.println();
        System.out.printf(Locale.ROOT, "native:   llama.cpp %s (commit %s), llama-bench -p 0 -n %d, from %s%n",
                tools.tag(), tools.commit(), tokens, tools.bin());
        for (String v : new LinkedHashSet<>(versions.stream().map(NativeReferenceBenchmark::withoutThreads).toList())) {
            System.out.printf(Locale.ROOT, "embedded: %s%n", v);
        }
        System.out.printf(Locale.ROOT, "          %d tokens per request, every side after 1 warm-up in every round%n", tokens);
        System.out.printf(Locale.ROOT, "machine:  %d logical cores, %d physical; the agent's default is %d threads;"
                + " load average %.2f; %.0f s%n", Runtime.getRuntime().availableProcessors(),
                EmbeddedConfig.physicalCores(), agentDefault,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), seconds);
        System.out.println();
        if (both) {
            System.out.printf(Locale.ROOT, "%-15s %7s %13s %15s %14s %15s %12s %12s%n", "model", "threads",
                    "native tok/s", "native min-max", "bundled tok/s", "built-here tok/s", "bundled/nat",
                    "built/nat");
        } else {
            System.out.printf(Locale.ROOT, "%-15s %7s %13s %17s %15s %17s %16s%n", "model", "threads",
                    "native tok/s", "native min-max", "embedded tok/s", "embedded min-max", "embedded/native");
        }
        for (Row r : rows) {
            String th = r.threads + (r.threads == agentDefault ? "*" : "");
            double nat = median(r.nat);
            if (both) {
                System.out.printf(Locale.ROOT, "%-15s %7s %13.1f %7.1f-%-7.1f %14.1f %16.1f %12.2f %12.2f%n",
                        r.model, th, nat, min(r.nat), max(r.nat), median(r.bundled), median(r.built),
                        median(r.bundled) / nat, median(r.built) / nat);
            } else {
                System.out.printf(Locale.ROOT, "%-15s %7s %13.1f %8.1f-%-8.1f %15.1f %8.1f-%-8.1f %16.2f%n",
                        r.model, th, nat, min(r.nat), max(r.nat), median(r.bundled), min(r.bundled),
                        max(r.bundled), median(r.bundled) / nat);
            }
        }
        if (both) {
            System.out.println();
            System.out.printf(Locale.ROOT, "%-15s %7s %24s %24s%n", "model", "threads", "bundled min-max",
                    "built-here min-max");
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "%-15s %7s %11.1f-%-12.1f %11.1f-%-12.1f%n", r.model,
                        r.threads + (r.threads == agentDefault ? "*" : ""), min(r.bundled), max(r.bundled),
                        min(r.built), max(r.built));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-15s %7s %34s%s%n", "model", "threads", "bundled/native, paired by round",
                both ? String.format(Locale.ROOT, " %34s", "built/native, paired by round") : "");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-15s %7s %34s%s%n", r.model, r.threads + (r.threads == agentDefault
                    ? "*" : ""), paired(r.pairedBundled), both ? " " + String.format(Locale.ROOT, "%34s",
                    paired(r.pairedBuilt)) : "");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-15s %7s %16s %16s %15s %14s%n", "model", "threads", "llama-server tok/s",
                "server/bench", "bundled/server", both ? "built/server" : "");
        for (Row r : rows) {
            double srv = median(r.server);
            System.out.printf(Locale.ROOT, "%-15s %7s %18.1f %16.2f %15.2f %14s%n", r.model,
                    r.threads + (r.threads == agentDefault ? "*" : ""), srv, srv / median(r.nat),
                    median(r.bundled) / srv, both ? String.format(Locale.ROOT, "%.2f", median(r.built) / srv) : "");
        }
        System.out.println();
        System.out.println("llama-server = the same native build generating through its own server (-c 2048, the"
                + " same threads, ignore_eos, no prompt cache): its own timings.predicted_per_second per request,"
                + " which count its sampling and serving work per token; llama-bench decodes without sampling.");
        System.out.println("* the agent's default thread count. Medians of " + n + " per side (rounds alternate the"
                + " sides): native = llama-bench's t/s per repetition; embedded = (n_out - 1) / (t_last - t_first)"
                + " from chunk timestamps, as every sample's decode_tps" + (both ? "; bundled = the binding's own"
                + " library, built here = --llama-lib, each in a JVM of its own." : ".")
                + " Paired by round: each round's embedded median ÷ its llama-bench median; their median with its"
                + " distribution-free 95 % interval.");
    }

    /**
     * The median of the rounds' ratios with its distribution-free 95 % interval ({@link MedianInterval}: order
     * statistics, no assumption about the rates' distribution) and the number of rounds it rests on.
     */
    static String paired(List<Double> ratios) {
        double[] a = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int j = MedianInterval.rank(a.length);
        String interval = j == 0 ? "no interval" : String.format(Locale.ROOT, "[%.2f, %.2f]", a[j - 1],
                a[a.length - j]);
        return String.format(Locale.ROOT, "%.2f %s, %d rounds", median(ratios), interval, a.length);
    }

    /** An engine's version and settings without the thread counts, which the table's rows show. */
    private static String withoutThreads(String info) {
        return info.replaceAll(",? ?threads(_batch)?=[0-9]+", "").replace("{, ", "{");
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
