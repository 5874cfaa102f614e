package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.wiring.CoordinatorRuntime;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetbench demo}: a whole fleet on this machine. Starts a coordinator and worker agents (separate JVMs on
 * the embedded engine), submits the demo campaign through the REST API, shows its progress, prints the summary per
 * hardware class and model, and keeps the UI up until Ctrl-C (or exits with {@code --exit-when-done}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run a benchmark fleet on this machine.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--workers", defaultValue = "2", description = "Worker agents to start (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--http-port", defaultValue = "8470", description = "UI port; a free one if taken (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--data-dir", defaultValue = "${env:FLEETBENCH_DATA_DIR:-${sys:user.home}/.fleetbench}/demo",
            description = "Demo data: result store, worker identities and models (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--campaign", description = "Campaign spec to run instead of the built-in demo campaign")
    Path campaign;

    @Option(names = "--worker-jar", description = "Worker agent jar (default: env FLEETBENCH_WORKER_JAR or the built one)")
    Path workerJar;

    @Option(names = "--pin-workers", negatable = true,
            description = "Run each worker on CPUs of its own (Linux, with taskset). Default: only when the workers"
                    + " measure at once (--no-take-turns); a worker measuring in its turn needs the other cores for"
                    + " its own threads")
    Boolean pinWorkers;

    @Option(names = "--take-turns", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Workers measure one at a time, as machines of a real fleet would not disturb each other"
                    + " (default ${DEFAULT-VALUE}; --no-take-turns lets them measure at once)")
    boolean takeTurns;

    @Option(names = "--exit-when-done", description = "Stop everything once the campaign is done")
    boolean exitWhenDone;

    @Option(names = "--timeout-minutes", defaultValue = "30", description = "Give up after this long (default ${DEFAULT-VALUE})")
    int timeoutMinutes;

    @Option(names = "--verbose", description = "Show the coordinator's and workers' logs on this console instead of"
            + " writing them to files")
    boolean verbose;

    /** What worker {@code i} is started with. */
    List<String> workerArgs(Path models, int threads, int i) {
        List<String> args = new java.util.ArrayList<>(List.of("--engine", "embedded", "--models-dir", models.toString(),
                "--threads", Integer.toString(threads), "--label", "demo-worker=" + i,
                "--cluster-name", ClusterSettings.DEFAULT_CLUSTER + "-demo"));
        if (takeTurns) {
            args.addAll(List.of("--measure-in-turn-with", dataDir.resolve("measuring-turn.lock").toString()));
        }
        return args;
    }

    /**
     * Whether workers run on CPUs of their own. Pinning keeps workers that measure at once off each other's cores;
     * a worker that measures in its turn is better off unpinned. Pinned to one core of two, its inference thread and
     * the agent thread that reads every token shared that core: in two demo runs so pinned, llama.cpp's own timing
     * put a stories260K token at about 0.1 ms while the agent saw 0.2 to 0.3 ms between tokens, and whole worker ×
     * model figures moved by up to 25 % between the runs.
     */
    boolean pinned() {
        return pinWorkers != null ? pinWorkers : !(takeTurns && workers > 1);
    }

    /** How workers are launched; tests replace it with the test classpath. */
    List<String> workerLaunch;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException("--workers must be between 1 and 16");
        }
        List<String> launch = workerLaunch != null ? workerLaunch : WorkerProcesses.launchFromJar(workerJar);
        String specText = campaign != null ? dev.fleetbench.common.text.TextFiles.read(campaign) : resource("demo-campaign.yaml");
        boolean yaml = campaign == null || !campaign.toString().endsWith(".json");
        CampaignSpec spec = CampaignSpecParser.parse(specText, yaml);
        Path coordinatorLog = dataDir.resolve("coordinator").resolve("coordinator.log");
        if (!verbose) {
            // Calm console: the progress bar and the table only. slf4j-simple reads this when its first logger is made,
            // which is when the coordinator starts below.
            Files.createDirectories(coordinatorLog.getParent());
            System.setProperty("org.slf4j.simpleLogger.logFile", coordinatorLog.toString());
        }
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", free(httpPort) ? httpPort : 0,
                ClusterSettings.coordinator(ClusterSettings.DEFAULT_CLUSTER + "-demo", "127.0.0.1", 0, List.of()),
                dataDir.resolve("coordinator"), null, CoordinatorSettings.DEFAULTS)
                .withAutoApprove(true); // the demo's workers are this machine's own
        // Resources close in reverse order: the coordinator first, then its workers (whose complaints go to their logs).
        try (WorkerProcesses fleet = new WorkerProcesses().live(verbose);
             CoordinatorRuntime runtime = CoordinatorRuntime.start(config, CoordinatorMain.version())) {
            Thread hook = new Thread(() -> {
                fleet.close();
                try {
                    runtime.close();
                } catch (Exception e) {
                    // stopping on Ctrl-C is best effort
                }
            }, "fleetbench-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("FleetBench demo: coordinator at " + runtime.url() + " (open it in a browser)");
            Path models = dataDir.resolve("models");
            int threads = threadsPerWorker(Runtime.getRuntime().availableProcessors(), workers);
            System.out.println(workers + " workers with " + threads + " inference thread" + (threads == 1 ? "" : "s")
                    + " each on " + Runtime.getRuntime().availableProcessors() + " cores"
                    + (threads * workers > Runtime.getRuntime().availableProcessors()
                            ? " (more workers than cores: their figures will disturb each other)" : ""));
            if (takeTurns && workers > 1) {
                System.out.println("  they measure one at a time (--no-take-turns to let them measure at once)");
            }
            boolean pin = pinned();
            CorePinning pinning = pin ? CorePinning.probe() : new CorePinning(List.of());
            for (int i = 1; i <= workers; i++) {
                java.util.Optional<List<Integer>> cpus = pinning.cpusOf(i - 1, workers, threads);
                System.out.println("  worker " + i + ": " + cpus.map(c -> "pinned to CPU " + c.stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
                        .orElse(pin ? "not pinned (no taskset, or the cores do not divide)"
                                : pinWorkers == null ? "not pinned (it measures alone, on every core)" : "not pinned"));
                fleet.start(cpus.map(CorePinning::prefix).orElse(List.of()), launch, runtime.joinAddress(),
                        dataDir.resolve("worker-" + i), workerArgs(models, threads, i));
            }
            if (!verbose) {
                System.out.println("logs: " + coordinatorLog + " (coordinator), " + dataDir.resolve("worker-N")
                        .resolve("worker.log") + " (workers); --verbose shows them here");
            }
            Api api = new Api(runtime.url());
            long deadline = System.currentTimeMillis() + timeoutMinutes * 60_000L;
            waitForWorkers(api, workers, deadline);
            JsonNode created = api.post("/api/campaigns", yaml ? "application/yaml" : "application/json", specText);
            String id = created.get("id").asText();
            System.out.println("campaign " + id + ": " + created.get("cells_total").asInt() + " cells (" + spec.models().size()
                    + " models x " + spec.prompts().prompts().size() + " prompts x " + workers + " workers), "
                    + spec.repetitions() + " repetitions each");
            JsonNode state = follow(api, id, deadline);
            System.out.println();
            System.out.print(ResultsTable.render(
                    api.get("/api/aggregates?campaign=" + id + "&by=hardware_class,use_case,model"),
                    api.get("/api/recommendations?campaign=" + id)));
            System.out.println("\ncampaign " + id + " " + state.get("state").asText() + "; CSV: " + runtime.url()
                    + "/api/campaigns/" + id + "/export.csv");
            if (exitWhenDone) {
                Runtime.getRuntime().removeShutdownHook(hook);
                return state.get("state").asText().equals("done") ? 0 : 1;
            }
            System.out.println("The UI stays up at " + runtime.url() + ". Press Ctrl-C to stop the demo fleet.");
            new CountDownLatch(1).await();
            return 0;
        }
    }

    /**
     * Inference threads per demo worker so that all workers' threads together fit the cores: llama.cpp's threads
     * wait for each other after every operation, so two workers sharing a core slow each other by whatever the other
     * happens to run, and two demo runs would not agree.
     */
    static int threadsPerWorker(int cores, int workers) {
        return Math.max(1, cores / workers);
    }

    private static void waitForWorkers(Api api, int expected, long deadline) throws Exception {
        int ready = 0;
        while (System.currentTimeMillis() < deadline) {
            ready = 0;
            for (JsonNode w : api.get("/api/workers")) {
                ready += w.get("status").asText().equals("ready") ? 1 : 0;
            }
            if (ready >= expected) {
                System.out.println(ready + " workers joined");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("workers did not join in time (" + ready + " ready); see their worker.log files");
    }

    private static JsonNode follow(Api api, String id, long deadline) throws Exception {
        return follow(api::get, id, deadline, System.out, System.console() != null, 2000);
    }

    /**
     * Shows the campaign's progress bar until it ends (or the deadline passes); the campaign as it ended. Shared with
     * {@code campaign status --follow}.
     */
    static JsonNode follow(Getter api, String id, long deadline, java.io.PrintStream out, boolean terminal, long periodMs)
            throws Exception {
        long start = System.nanoTime();
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            JsonNode c = api.get("/api/campaigns/" + id);
            int finished = c.get("cells_done").asInt() + c.get("cells_failed").asInt()
                    + c.path("cells_does_not_fit").asInt() + c.path("cells_cancelled").asInt()
                    + c.path("cells_predicted_too_slow").asInt();
            String line = ProgressBar.render(finished, c.get("cells_total").asInt(), c.path("samples").asLong(),
                    java.time.Duration.ofNanos(System.nanoTime() - start));
            boolean running = c.get("state").asText().equals("running");
            // On a file (a log, CI), a new line only when a cell finishes, not for every sample or tick of the estimate.
            String key = terminal ? line : finished + "/" + c.get("cells_total").asInt();
            if (!key.equals(last) || !running) {
                ProgressBar.show(out, line, terminal);
                last = key;
            }
            if (!running) {
                if (terminal) {
                    out.println();
                }
                return c;
            }
            Thread.sleep(periodMs);
        }
        throw new IllegalStateException("campaign " + id + " did not finish in time");
    }

    /** A GET of the coordinator's API. */
    interface Getter {
        JsonNode get(String path) throws Exception;
    }

    private static boolean free(int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the coordinator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A tiny client of the coordinator's REST API, so the demo goes through the API like any user. */
    record Api(String url) {
        JsonNode get(String path) throws Exception {
            CampaignCommand.Client c = client();
            return c.call("GET", path, null, null);
        }

        JsonNode post(String path, String type, String body) throws Exception {
            return client().call("POST", path, type, body);
        }

        private CampaignCommand.Client client() {
            CampaignCommand.Client c = new CampaignCommand.Client();
            c.url = url;
            return c;
        }
    }
}
