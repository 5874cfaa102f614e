package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.hardware.HardwareClass;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.ClassFacts;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.store.SampleClass;
import dev.fleetbench.coordinator.store.StoredWorker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hardware classes of some campaigns as their samples were stored (metrics.md "Hardware class": never recomputed
 * from a worker's current registration). Cells and leases carry no profile, so they take their worker's class in these
 * campaigns: the class most of its samples there have. A worker without samples there (its cells did not fit or
 * failed) takes the class of its current registration, the one those cells were placed by.
 */
final class StoredClasses {

    private final Map<String, String> keyOfWorker = new HashMap<>();
    private final Map<String, ClassFacts> facts = new TreeMap<>();

    private StoredClasses() {
    }

    static StoredClasses read(ResultsService.Stores s, List<String> campaignIds) {
        StoredClasses out = new StoredClasses();
        List<SampleClass> rows = s.results().sampleClasses(campaignIds);
        Map<String, Long> mostSamples = new HashMap<>();
        Map<String, Set<String>> machines = new HashMap<>();
        for (SampleClass c : rows) {
            if (c.samples() > mostSamples.getOrDefault(c.workerId(), -1L)) {
                mostSamples.put(c.workerId(), c.samples());
                out.keyOfWorker.put(c.workerId(), c.classKey());
            }
            machines.computeIfAbsent(c.classKey(), k -> new HashSet<>()).add(c.workerId());
            ClassFacts f = out.facts.get(c.classKey());
            long ram = f == null || f.ramBytes() <= 0 ? c.ramBytes() : c.ramBytes() <= 0 ? f.ramBytes()
                    : Math.min(f.ramBytes(), c.ramBytes());
            out.facts.put(c.classKey(), new ClassFacts(c.classKey(), c.label(), machines.get(c.classKey()).size(), ram,
                    c.ramGb(), c.accelerator()));
        }
        for (StoredWorker w : s.workers().workers()) {
            String id = w.registration().workerId();
            if (out.keyOfWorker.containsKey(id) || w.registration().hardware() == null) {
                continue;
            }
            HardwareClass hc = HardwareClassifier.classify(w.registration().hardware());
            out.keyOfWorker.put(id, hc.key());
            machines.computeIfAbsent(hc.key(), k -> new HashSet<>()).add(id);
            ClassFacts f = out.facts.get(hc.key());
            long ram = w.registration().hardware().memory().totalBytes();
            out.facts.put(hc.key(), f != null ? new ClassFacts(f.key(), f.label(), machines.get(hc.key()).size(),
                    f.ramBytes(), f.ramGb(), f.accelerator())
                    : new ClassFacts(hc.key(), hc.label(), 1, ram, hc.ramGb(), hc.accelerator()));
        }
        return out;
    }

    /** The class of a worker's cells and leases in these campaigns; "unknown" for a worker never seen. */
    String keyOf(String workerId) {
        return keyOfWorker.getOrDefault(workerId, "unknown");
    }

    /** Labels by class key. */
    Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        facts.values().forEach(f -> out.put(f.key(), f.label()));
        return out;
    }

    /**
     * What the fleet says about each class: its machines are those that contributed to its largest aggregate row (or,
     * with no row, the machines whose samples it holds).
     */
    Map<String, ClassFacts> facts(List<AggregateRow> rows) {
        Map<String, ClassFacts> out = new TreeMap<>();
        facts.forEach((key, f) -> {
            int contributing = rows.stream().filter(r -> key.equals(r.keys().get(Dimension.HARDWARE_CLASS)))
                    .mapToInt(AggregateRow::machines).max().orElse(f.machines());
            out.put(key, new ClassFacts(key, f.label(), contributing, f.ramBytes(), f.ramGb(), f.accelerator()));
        });
        return out;
    }
}
