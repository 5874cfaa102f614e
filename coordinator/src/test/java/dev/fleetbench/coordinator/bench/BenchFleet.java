package dev.fleetbench.coordinator.bench;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Fleets, catalogs and campaign specs for the coordinator benchmarks. {@link #mixedFleet} is a lab of five kinds of
 * machine (Snapdragon and Core Ultra laptops with NPUs, CPU-only desktops, NVIDIA workstations, small 8 GB laptops)
 * with Foundry-like catalogs of NPU, GPU and CPU variants, so placement takes every branch: a variant per device, a
 * model that does not fit in memory, a model missing from a catalog.
 */
final class BenchFleet {

    static final long GB = 1_000_000_000L;
    static final long GIB = 1L << 30;

    /** Ten model families: alias, parameters, and file size per device (0 = no variant for that device). */
    private record Family(String alias, long params, double npuGb, double gpuGb, double cpuGb) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("phi-4-mini", 3_800_000_000L, 2.8, 3.7, 4.8),
            new Family("phi-3.5-mini", 3_800_000_000L, 2.6, 2.2, 2.6),
            new Family("qwen2.5-0.5b", 500_000_000L, 0, 0.7, 0.8),
            new Family("qwen2.5-1.5b", 1_500_000_000L, 1.5, 1.5, 1.8),
            new Family("qwen2.5-7b", 7_000_000_000L, 4.8, 5.0, 6.0),
            new Family("deepseek-r1-7b", 7_000_000_000L, 5.6, 5.6, 6.4),
            new Family("deepseek-r1-14b", 14_000_000_000L, 9.8, 10.4, 11.5),
            new Family("mistral-7b", 7_000_000_000L, 0, 4.1, 4.5),
            new Family("phi-4", 14_000_000_000L, 0, 8.4, 10.2),
            new Family("qwen2.5-coder-14b", 14_000_000_000L, 0, 8.8, 9.5));

    private BenchFleet() {
    }

    /** The ten model aliases of {@link #mixedFleet}'s catalogs. */
    static List<String> mixedModels() {
        return FAMILIES.stream().map(Family::alias).toList();
    }

    /** {@code n} machines of five kinds in a seeded random mix, all labelled {@code site=hq} and a room. */
    static List<MachineView> mixedFleet(int n, long seed) {
        Random random = new Random(seed);
        List<MachineView> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = String.format(Locale.ROOT, "w-%05d", i);
            Map<String, String> labels = Map.of("site", "hq", "room", "r" + random.nextInt(12),
                    "owner", "team-" + random.nextInt(5));
            int kind = random.nextInt(100);
            HardwareProfile hw;
            List<ModelVariant> catalog;
            if (kind < 30) {
                hw = snapdragon(id);
                catalog = catalog("qnn", DeviceType.NPU, DeviceType.GPU, DeviceType.CPU);
            } else if (kind < 45) {
                hw = coreUltra(id);
                catalog = catalog("openvino", DeviceType.NPU, DeviceType.GPU, DeviceType.CPU);
            } else if (kind < 75) {
                hw = desktop(id, 32, 28);
                catalog = catalog("generic", DeviceType.GPU, DeviceType.CPU); // a GPU variant the machine cannot use
            } else if (kind < 90) {
                hw = workstation(id);
                catalog = catalog("cuda", DeviceType.GPU, DeviceType.CPU);
            } else {
                hw = desktop(id, 8, 5);
                catalog = catalog("generic", DeviceType.CPU);
            }
            if (random.nextInt(10) == 0) {
                catalog = catalog.subList(0, catalog.size() - 2); // an older engine without the last family
            }
            Set<String> cached = random.nextBoolean() ? Set.of(catalog.get(0).id()) : Set.of();
            out.add(new MachineView(id, hw, labels, catalog, cached));
        }
        return out;
    }

    /** A catalog best first: for each family, its variants for the given devices in that order. */
    private static List<ModelVariant> catalog(String provider, DeviceType... devices) {
        List<ModelVariant> out = new ArrayList<>();
        for (Family f : FAMILIES) {
            for (DeviceType d : devices) {
                double gb = switch (d) {
                    case NPU -> f.npuGb();
                    case GPU -> f.gpuGb();
                    case CPU -> f.cpuGb();
                };
                if (gb > 0) {
                    String ep = d == DeviceType.CPU ? "CPUExecutionProvider" : provider + "-" + d.name().toLowerCase(Locale.ROOT);
                    out.add(new ModelVariant(f.alias() + "-" + provider + "-" + d.name().toLowerCase(Locale.ROOT) + ":1",
                            f.alias(), d, ep, (long) (gb * GB), f.params(), "int4"));
                }
            }
        }
        return out;
    }

    private static HardwareProfile snapdragon(String id) {
        HardwareProfile p = Fixtures.snapdragonLaptop();
        return new HardwareProfile("m-" + id, "lab-" + id, p.os(), p.cpu(), p.memory(), p.gpus(), p.npus(), p.power(),
                p.notes());
    }

    private static HardwareProfile coreUltra(String id) {
        return new HardwareProfile("m-" + id, "lab-" + id,
                new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Enterprise", "10.0", "26100"),
                new CpuInfo("intel", "Intel(R) Core(TM) Ultra 7 155H", "x86_64", 16, 22, 4_800_000_000L,
                        List.of("avx2", "avx_vnni", "fma")),
                new MemoryInfo(32L * GIB - 500L * 1024 * 1024, 20L * GIB),
                List.of(new GpuInfo("Intel(R) Arc(TM) Graphics", "intel", 0, "32.0.101.5972")),
                List.of(new NpuInfo("Intel(R) AI Boost", "intel", "32.0.100.2714", "pnp")),
                new PowerInfo(PowerSource.AC, true, 64.0), List.of());
    }

    private static HardwareProfile desktop(String id, int ramGib, int availableGib) {
        HardwareProfile p = Fixtures.intelDesktop();
        return new HardwareProfile("m-" + id, "lab-" + id, p.os(), p.cpu(),
                new MemoryInfo(ramGib * GIB - 300L * 1024 * 1024, availableGib * GIB), p.gpus(), p.npus(), p.power(),
                p.notes());
    }

    private static HardwareProfile workstation(String id) {
        HardwareProfile p = Fixtures.intelDesktop();
        return new HardwareProfile("m-" + id, "lab-" + id, p.os(), p.cpu(),
                new MemoryInfo(64 * GIB - 400L * 1024 * 1024, 56 * GIB),
                List.of(new GpuInfo("NVIDIA GeForce RTX 4070", "nvidia", 12 * GIB, "550.54.14")), List.of(),
                p.power(), List.of());
    }

    /** CPU variants named like the simulated engine's ({@code SimulatedEngine}): id = alias. */
    static List<ModelVariant> simulatedCatalog(List<String> models) {
        return models.stream().map(m -> new ModelVariant(m, m, DeviceType.CPU, "simulated", 1_000_000, 1_000_000,
                "none")).toList();
    }

    /** {@code sim-m0} … */
    static List<String> simulatedModels(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("sim-m" + i);
        }
        return out;
    }

    /** A registration as a simulated-engine agent on a CPU-only desktop sends it. */
    static RegisterRequest registration(String workerId, List<ModelVariant> catalog) {
        HardwareProfile hw = desktop(workerId, 32, 28);
        return new RegisterRequest(Protocol.VERSION, workerId, "bench", hw, new EngineDescriptor("simulated", "1"),
                catalog, catalog.stream().map(ModelVariant::id).toList(), Map.of("site", "bench"));
    }

    /**
     * A sample as a worker measures it: {@code tokens} tokens 9 ms apart after a 120 ms first token, an answer of
     * {@code textChars} characters, the provenance of the embedded engine.
     */
    static Sample sample(String campaign, String cell, String lease, String worker, String model, String prompt,
                         int repetition, SampleKind kind, long startedAtMs, int tokens, int textChars) {
        Sample t = TEMPLATES.computeIfAbsent(tokens, n -> Samples.ok(model, prompt, 120.0, 9.0, n));
        return new Sample(UUID.randomUUID().toString(), campaign, cell, lease, worker, model, prompt, repetition, kind,
                t.status(), null, null, startedAtMs, t.ttftMs(), t.ttfcMs(), t.tpotMs(), t.e2eMs(), t.decodeTps(),
                t.prefillTps(), 40, tokens, false, t.itlGapsMs(), "stop", "x".repeat(textChars), null,
                Fixtures.embeddedFingerprint(model), null, null, null);
    }

    private static final Map<Integer, Sample> TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();

    /** A campaign spec as JSON: prompts {@code p0…} with the given max_tokens. */
    static String spec(String name, List<String> models, int prompts, int repetitions, int warmups, int maxTokens,
                       Map<String, Object> machines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("models", models);
        List<Map<String, Object>> ps = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            ps.add(Map.of("id", "p" + i, "category", i % 3 == 0 ? "code" : "chat",
                    "text", "Benchmark prompt number " + i + ": explain briefly why the sky is blue.",
                    "max_tokens", maxTokens));
        }
        m.put("prompts", ps);
        m.put("repetitions", repetitions);
        m.put("warmups", warmups);
        if (machines != null) {
            m.put("machines", machines);
        }
        return Json.write(m);
    }
}
