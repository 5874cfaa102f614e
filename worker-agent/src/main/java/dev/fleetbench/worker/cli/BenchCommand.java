package dev.fleetbench.worker.cli;

import dev.fleetbench.common.export.SampleCsv;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.suites.Suites;
import dev.fleetbench.worker.app.AgentVersion;
import dev.fleetbench.worker.app.Engines;
import dev.fleetbench.worker.bench.BenchRun;
import dev.fleetbench.worker.bench.BenchTable;
import dev.fleetbench.worker.bench.PromptsFile;
import dev.fleetbench.worker.energy.EnergyMeters;
import dev.fleetbench.worker.energy.EnergySpan;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.hardware.HardwareProbe;
import dev.fleetbench.worker.hardware.PowerProbe;
import dev.fleetbench.worker.measure.LinuxProcStats;
import dev.fleetbench.worker.measure.MeasurementPlan;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleetbench bench}: the one-machine benchmark. Runs each model on the prompts, prints the comparison table
 * and a recommendation, and optionally writes every sample as JSON and CSV. Exits 0 when the run completed, even if
 * requests failed (they are samples with failure codes); a model that cannot be found or loaded is a row with its
 * reason.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark models on this machine and recommend one.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--model", description = "Model alias or variant id; repeat for several. Default: every cached model")
    List<String> models = new ArrayList<>();

    @Option(names = "--device", description = "Run the variant for this device: cpu, gpu or npu")
    String device;

    @Option(names = "--prompt", description = "A prompt; repeat for several (default: the five standard prompts)")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts", description = "Prompts file: JSON or YAML list, or text with one prompt per line")
    Path promptsFile;

    @Option(names = "--suite", description = "A built-in task suite whose answers are scored (repeat for several:"
            + " chat-instructions, reasoning-arithmetic, reasoning-logic, code-python, …); joins the prompts")
    List<String> suites = new ArrayList<>();

    @Option(names = "--suite-seed", defaultValue = "1", description = "Seed the suites are generated from"
            + " (default ${DEFAULT-VALUE})")
    long suiteSeed;

    @Option(names = "--repeat", defaultValue = "3", description = "Measured requests per prompt (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up requests per model (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--max-tokens", defaultValue = "128", description = "Token budget per answer (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--request-timeout", defaultValue = "120", description = "Seconds one request may take (default ${DEFAULT-VALUE})")
    int requestTimeout;

    @Option(names = "--json", description = "Write the hardware, phases and every sample to this JSON file")
    Path jsonFile;

    @Option(names = "--csv", description = "Write every sample to this CSV file")
    Path csvFile;

    @Option(names = "--max-error-rate", defaultValue = "0.01", description = "Error-rate limit, judged on the upper"
            + " bound of its 95%% Wilson interval (default ${DEFAULT-VALUE}: 381 error-free requests per use case show it)")
    double maxErrorRate;

    @Option(names = "--min-decode-tps", defaultValue = "10", description = "Decode rate p50 a model needs, tokens/s"
            + " (default ${DEFAULT-VALUE})")
    double minDecodeTps;

    @Option(names = "--min-requests", defaultValue = "10", description = "Successful measured requests a model needs"
            + " per use case before it can be recommended (default ${DEFAULT-VALUE})")
    int minRequests;

    @Option(names = "--min-scored", defaultValue = "5", description = "Scored answers every compared model needs per use"
            + " case before measured quality ranks them (default ${DEFAULT-VALUE})")
    int minScored;

    @Option(names = "--min-quality", defaultValue = "0.5", description = "Mean quality score in [0, 1] a model needs in"
            + " a use case; below it fails its quality check there (default ${DEFAULT-VALUE})")
    double minQuality;

    @Option(names = {"-v", "--verbose"}, description = "Show what the engine is doing (download, load, each request)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PromptSet promptSet = promptSet();
        ServiceLevels d = ServiceLevels.DEFAULTS;
        ServiceLevels slo = new ServiceLevels(d.ttftP90MaxMs(), minDecodeTps, maxErrorRate, d.maxMemoryFraction());
        EvidenceRules evidence = new EvidenceRules(minRequests, minScored, EvidenceRules.DEFAULTS.minRatings(),
                minQuality);
        MeasurementPlan plan = MeasurementPlan.uniform(promptSet, warmup, repeat,
                Timeouts.ofTotal(Duration.ofSeconds(requestTimeout)), true);
        DeviceType wanted = device == null ? null : DeviceType.parse(device);
        HardwareProfile profile = HardwareProbe.system().probe();
        try (InferenceEngine engine = Engines.create(engineOptions.settings(), () -> profile);
             ResourceSampler sampler = new ResourceSampler(LinuxProcStats.forThisMachine(), System::nanoTime, Duration.ofMillis(100))) {
            List<String> names = models.isEmpty() ? cachedModels(engine) : models;
            if (verbose) {
                System.err.println("engine: " + engine.info().kind() + " " + engine.info().version()
                        + (engine.info().endpoint() == null ? "" : " at " + engine.info().endpoint()));
            }
            AtomicBoolean interrupted = new AtomicBoolean();
            Thread hook = new Thread(() -> interrupted.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            BenchRun.Result result;
            try (BenchProgress progress = new BenchProgress(System.err, verbose, System.console() != null,
                    (long) plan.totalRequests() * names.size())) {
                PowerProbe power = PowerProbe.system();
                ModelMeasurement measurement = new ModelMeasurement(new RequestRunner(System::nanoTime,
                        Clock.systemUTC(), () -> UUID.randomUUID().toString(), () -> power.read().source()), sampler,
                        System::nanoTime, ProcessHandle.current().pid(), EnergyMeters.system(),
                        ModelMeasurement.IDLE_WINDOW, EnergySpan.Sleeper.SYSTEM);
                result = new BenchRun(engine, profile, measurement, AgentVersion.get())
                        .run(names, wanted, plan, slo, evidence, progress, interrupted::get);
            }
            System.out.println();
            Map<String, String> useCaseOf = new HashMap<>();
            promptSet.prompts().forEach(p -> useCaseOf.put(p.id(), p.category().wire()));
            System.out.print(BenchTable.render(result.report(), result, useCaseOf));
            write(jsonFile, Json.writePretty(result.report()));
            write(csvFile, SampleCsv.write(result.report().samples()));
            return 0;
        }
    }

    /** The prompts given (or the standard ones when none and no suite), then every suite's prompts. */
    private PromptSet promptSet() {
        if (suites.isEmpty()) {
            return freePrompts();
        }
        List<PromptSpec> all = new ArrayList<>(promptsFile == null && prompts.isEmpty() ? List.of()
                : freePrompts().prompts());
        for (String name : suites) {
            // --max-tokens caps the suites' own budgets too, so one flag bounds the run's cost
            Suites.resolve(name, suiteSeed).prompts()
                    .forEach(p -> all.add(p.withMaxTokens(Math.min(p.maxTokens(), maxTokens))));
        }
        return new PromptSet(all);
    }

    private PromptSet freePrompts() {
        if (promptsFile != null && !prompts.isEmpty()) {
            throw new IllegalArgumentException("give either --prompt or --prompts, not both");
        }
        if (promptsFile != null) {
            return PromptsFile.read(promptsFile, maxTokens);
        }
        if (!prompts.isEmpty()) {
            List<PromptSpec> list = new ArrayList<>();
            for (String p : prompts) {
                String damaged = PromptsFile.mangledArgument(p, System.getProperty("sun.jnu.encoding"));
                if (damaged != null) {
                    throw new IllegalArgumentException(damaged);
                }
                list.add(new PromptSpec("p" + (list.size() + 1), UseCase.CHAT, p, maxTokens, null));
            }
            return new PromptSet(list);
        }
        return PromptSet.defaults().withMaxTokens(maxTokens);
    }

    private static List<String> cachedModels(InferenceEngine engine) throws Exception {
        List<String> ids = engine.cached().stream().map(CachedModel::id).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no cached models to benchmark; name one with --model (see fleetbench models)");
        }
        return ids;
    }

    private static void write(Path file, String content) throws IOException {
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
            System.err.println("wrote " + file);
        }
    }
}
