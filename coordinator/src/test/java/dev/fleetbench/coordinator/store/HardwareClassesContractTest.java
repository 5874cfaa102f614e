package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A sample's hardware class is fixed when it is stored (metrics.md "Hardware class"): a worker that registers again with
 * other hardware does not reclassify its earlier samples, a laptop's samples take their own power source, and a store
 * made before profiles were kept reads, once migrated, the classes it showed before. On DuckDB
 * ({@link DuckDbHardwareClassesTest}) and PostgreSQL ({@link PostgresHardwareClassesIT}).
 */
abstract class HardwareClassesContractTest extends StoreTestBase {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    /** The desktop of the fixtures, class {@code intel-core-i7-gen12/20t/32gb/none/linux}. */
    static final HardwareProfile DESKTOP = Fixtures.intelDesktop();
    /** The same desktop after an RTX 4060 (8 GB) was fitted. */
    static final HardwareProfile WITH_RTX = withGpu(DESKTOP, new GpuInfo("NVIDIA GeForce RTX 4060", "nvidia",
            8L * Fixtures.GIB, "560.94"));
    /** The same desktop with 64 GB. */
    static final HardwareProfile MORE_RAM = new HardwareProfile(DESKTOP.machineId(), DESKTOP.hostname(), DESKTOP.os(),
            DESKTOP.cpu(), new dev.fleetbench.common.model.MemoryInfo(64L * Fixtures.GIB - (500L << 20), 60L * Fixtures.GIB),
            DESKTOP.gpus(), DESKTOP.npus(), DESKTOP.power(), DESKTOP.notes());

    /** Opens the named store with only these migrations (an older coordinator's store). */
    abstract JdbcStore openWith(String name, List<Migrations.Migration> migrations);

    @Test
    void aWorkerThatRegistersWithNewHardwareKeepsItsEarlierSamplesInTheirClass() {
        try (JdbcStore store = stores().open("reregister")) {
            // the cells plan 3 repetitions: 2 on the first hardware, 1 on the second, none set aside
            Matrix m = StoreData.insert(store, "c1");
            store.upsertWorker(registration("w2", DESKTOP), T0);
            store.ingest(samples(m, "w2", DESKTOP, PowerSource.AC, 2));
            store.upsertWorker(registration("w2", WITH_RTX), T0.plusSeconds(60));
            store.ingest(samples(m, "w2", WITH_RTX, PowerSource.AC, 1));

            Map<String, Integer> requests = requestsByClass(store, List.of("c1"));
            assertThat(requests).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "intel-core-i7-gen12/20t/32gb/none/linux", 2 * cells(m, "w2"),
                    "intel-core-i7-gen12/20t/32gb/gpu:nvidia-8gb/linux", cells(m, "w2")));
            assertThat(store.sampleClasses(List.of("c1"))).extracting(SampleClass::classKey, SampleClass::label,
                    SampleClass::accelerator, SampleClass::samples).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("intel-core-i7-gen12/20t/32gb/gpu:nvidia-8gb/linux",
                            "intel core-i7-gen12 · 20t · 32 GB · gpu:nvidia-8gb", "gpu:nvidia-8gb", (long) cells(m, "w2")),
                    org.assertj.core.groups.Tuple.tuple("intel-core-i7-gen12/20t/32gb/none/linux",
                            "intel core-i7-gen12 · 20t · 32 GB · none", "none", 2L * cells(m, "w2")));

            // registering the first hardware again changes nothing stored: a hash keeps the class it was first given
            store.upsertWorker(registration("w2", DESKTOP), T0.plusSeconds(120));
            assertThat(requestsByClass(store, List.of("c1"))).isEqualTo(requests);
        }
    }

    @Test
    void aLaptopsSamplesTakeTheirOwnPowerSource() {
        try (JdbcStore store = stores().open("power")) {
            Matrix m = StoreData.insert(store, "c1");
            HardwareProfile laptop = Fixtures.snapdragonLaptop();
            store.upsertWorker(registration("w1", laptop), T0);
            store.ingest(samples(m, "w1", laptop, PowerSource.AC, 2));
            store.ingest(samples(m, "w1", laptop, PowerSource.BATTERY, 1));
            String ac = HardwareClassifier.classify(laptop, PowerSource.AC).key();
            String battery = HardwareClassifier.classify(laptop, PowerSource.BATTERY).key();
            assertThat(ac).isEqualTo("qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/ac");
            assertThat(requestsByClass(store, List.of("c1"))).isEqualTo(Map.of(
                    ac, 2 * cells(m, "w1"), battery, cells(m, "w1")));
            assertThat(store.sampleClasses(List.of("c1"))).extracting(SampleClass::label).containsExactly(
                    HardwareClassifier.classify(laptop, PowerSource.AC).label(),
                    HardwareClassifier.classify(laptop, PowerSource.BATTERY).label());
        }
    }

    @Test
    void importedProfilesAreStoredOnceWithTheirClass() {
        try (JdbcStore store = stores().open("import")) {
            Matrix m = StoreData.insert(store, "c1");
            store.recordHardwareProfiles(List.of(MORE_RAM, MORE_RAM));
            store.ingest(samples(m, "w2", MORE_RAM, PowerSource.AC, 1));
            assertThat(requestsByClass(store, List.of("c1")))
                    .isEqualTo(Map.of("intel-core-i7-gen12/20t/64gb/none/linux", cells(m, "w2")));
        }
    }

    @Test
    void aMigratedOldStoreReadsTheClassesItShowedBeforeAndThenKeepsThem() throws SQLException {
        List<Migrations.Migration> all = Migrations.fromClasspath(stores() instanceof PostgresStores
                ? PostgresDialect.INSTANCE : DuckDbDialect.INSTANCE);
        // V1–V3, with the samples columns of later migrations added at the end of V3 so that this coordinator can
        // write the old samples, and dropped again once they are in: the table is then what V3 left
        List<Migrations.Migration> old = new ArrayList<>(all.subList(0, 2));
        List<String> v3 = new ArrayList<>(all.get(2).statements());
        v3.addAll(LATER_SAMPLE_COLUMNS.stream().map(c -> "ALTER TABLE samples ADD COLUMN " + c).toList());
        old.add(new Migrations.Migration(3, all.get(2).description(), v3));
        Matrix m1;
        Matrix m2;
        try (JdbcStore store = openWith("old", old)) {
            // what an older coordinator wrote: w2's samples on DESKTOP, then on WITH_RTX after it registered again;
            // w1's on the laptop
            m1 = StoreData.insert(store, "c1");
            m2 = StoreData.insert(store, "c2");
            Writes.upsertWorkers(store.writer, List.of(new StoredWorker(registration("w2", DESKTOP), T0),
                    new StoredWorker(registration("w1", Fixtures.snapdragonLaptop()), T0)));
            store.writer.commit();
            store.ingest(samples(m1, "w2", DESKTOP, PowerSource.AC, 2));
            store.ingest(samples(m1, "w1", Fixtures.snapdragonLaptop(), PowerSource.AC, 2));
            Writes.upsertWorkers(store.writer, List.of(new StoredWorker(registration("w2", WITH_RTX), T0.plusSeconds(60))));
            store.writer.commit();
            store.ingest(samples(m2, "w2", WITH_RTX, PowerSource.AC, 1));
            try (java.sql.Statement st = store.writer.createStatement()) {
                for (String c : LATER_SAMPLE_COLUMNS) {
                    st.execute("ALTER TABLE samples DROP COLUMN " + c.substring(0, c.indexOf(' ')));
                }
            }
            store.writer.commit();
        }
        // before: every sample of a worker had the class of the worker's registration of the moment
        String w2Before = HardwareClassifier.classify(WITH_RTX).key();
        String w1Before = HardwareClassifier.classify(Fixtures.snapdragonLaptop()).key();
        try (JdbcStore store = stores().open("old")) {
            assertThat(workerClasses(store, List.of("c1", "c2"))).isEqualTo(Map.of("w1", w1Before, "w2", w2Before));
            assertThat(requestsByClass(store, List.of("c1")).get(w2Before)).isEqualTo(2 * cells(m1, "w2"));

            // from now on the class stays with the samples: w2 gets 64 GB, its history does not move
            store.upsertWorker(registration("w2", MORE_RAM), T0.plusSeconds(120));
            StoreData.insert(store, "c3");
            store.ingest(samples(StoreData.matrix("c3"), "w2", MORE_RAM, PowerSource.AC, 1));
            assertThat(workerClasses(store, List.of("c1", "c2"))).isEqualTo(Map.of("w1", w1Before, "w2", w2Before));
            assertThat(workerClasses(store, List.of("c3")))
                    .isEqualTo(Map.of("w2", "intel-core-i7-gen12/20t/64gb/none/linux"));
        }
    }

    /** Columns that migrations after V3 add to {@code samples}, as "name type". */
    private static final List<String> LATER_SAMPLE_COLUMNS = List.of("suspected_cpu_fallback BOOLEAN",
            "energy_j DOUBLE PRECISION", "energy_estimate BOOLEAN");

    /** The stores of a PostgreSQL test, told apart from DuckDB's by type. */
    interface PostgresStores extends Stores {
    }

    static RegisterRequest registration(String worker, HardwareProfile hw) {
        return new RegisterRequest(Protocol.VERSION, worker, "0.1.0", hw, new EngineDescriptor("embedded", "b4916"),
                List.of(), List.of(), Map.of());
    }

    private static HardwareProfile withGpu(HardwareProfile p, GpuInfo gpu) {
        return new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(), p.memory(), List.of(gpu), p.npus(),
                p.power(), List.of());
    }

    private static int cells(Matrix m, String worker) {
        return (int) StoreData.runnable(m).stream().filter(c -> c.workerId().equals(worker)).count();
    }

    /** {@code reps} measured samples of every runnable cell of a worker, measured on {@code hw} on {@code power}. */
    private static List<Sample> samples(Matrix m, String worker, HardwareProfile hw, PowerSource power, int reps) {
        List<Sample> out = new ArrayList<>();
        for (Cell c : StoreData.runnable(m)) {
            if (!c.workerId().equals(worker)) {
                continue;
            }
            Fingerprint fp = new Fingerprint(c.variantId(), "llama.cpp-cpu", dev.fleetbench.common.model.DeviceType.CPU,
                    "embedded", "b4916", "0.1.0", hw.profileHash(), "6.1.0", null, power, "v1");
            for (int i = 0; i < reps; i++) {
                Sample s = Samples.ok(c.variantId(), c.promptId(), 100 + i, 10, 8)
                        .withPlacement(c.campaignId(), c.id(), "l", worker);
                out.add(new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(),
                        s.promptId(), 0, s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(),
                        s.tpotMs(), s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(),
                        null, s.text(), Map.of(), fp, null, null, null));
            }
        }
        return out;
    }

    private static Map<String, Integer> requestsByClass(JdbcStore store, List<String> campaigns) {
        Map<String, Integer> out = new TreeMap<>();
        for (AggregateRow r : store.aggregate(new AggregateRequest(campaigns, List.of(Dimension.HARDWARE_CLASS), Map.of()))) {
            out.merge(r.keys().get(Dimension.HARDWARE_CLASS), r.requests(), Integer::sum);
        }
        return out;
    }

    /** Worker → class of its samples; fails when a worker's samples fall in two classes. */
    private static Map<String, String> workerClasses(JdbcStore store, List<String> campaigns) {
        Map<String, String> out = new TreeMap<>();
        for (AggregateRow r : store.aggregate(new AggregateRequest(campaigns,
                List.of(Dimension.WORKER, Dimension.HARDWARE_CLASS), Map.of()))) {
            String before = out.put(r.keys().get(Dimension.WORKER), r.keys().get(Dimension.HARDWARE_CLASS));
            assertThat(before).as("one class per worker").isIn(null, r.keys().get(Dimension.HARDWARE_CLASS));
        }
        return out;
    }
}
