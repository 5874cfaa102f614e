package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.stats.Stability;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB and PostgreSQL give the same figures for the same samples: every aggregate (counts, mean, sd, min, max,
 * continuous percentiles, the median interval by discrete percentiles), the raw values per group and the stability
 * verdicts. Counts, extremes, interval bounds and raw values are equal exactly; figures that sum floating-point
 * numbers in another order (mean, sd, interpolated percentiles) to 1e-12 of their size.
 */
class AggregatesAgreeIT {

    @TempDir
    Path dir;

    @Test
    void bothDatabasesGiveTheSameFigures() {
        try (JdbcStore duck = Stores.duckDb(dir).open("agree"); JdbcStore pg = Stores.postgres().open("agree")) {
            Matrix m = StoreData.matrix("c1");
            List<Sample> samples = samples(StoreData.runnable(m), new Random(11));
            for (JdbcStore s : List.of(duck, pg)) {
                s.upsertWorker(StoreContractTest.registration("w1", "0.1.0"), StoreData.CREATED);
                s.upsertWorker(new dev.fleetbench.common.protocol.RegisterRequest(
                        dev.fleetbench.common.protocol.Protocol.VERSION, "w2", "0.1.0",
                        dev.fleetbench.common.testing.Fixtures.intelDesktop(),
                        new dev.fleetbench.common.protocol.EngineDescriptor("embedded", "b4916"), List.of(), List.of(),
                        Map.of()), StoreData.CREATED);
                s.insertCampaign(StoreData.campaign("c1"), m.cells(), m.units());
                s.ingest(samples.subList(0, samples.size() / 2));
                s.ingest(samples.subList(samples.size() / 2, samples.size()));
            }
            List<List<Dimension>> groupings = List.of(List.of(), List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL),
                    List.of(Dimension.WORKER, Dimension.PROMPT), List.of(Dimension.USE_CASE, Dimension.CAMPAIGN));
            int compared = 0;
            for (List<Dimension> by : groupings) {
                AggregateRequest r = new AggregateRequest(List.of("c1"), by, Map.of("a", "chat", "b", "code"));
                List<AggregateRow> d = duck.aggregate(r);
                List<AggregateRow> p = pg.aggregate(r);
                assertThat(p).hasSameSizeAs(d).isNotEmpty();
                for (int i = 0; i < d.size(); i++) {
                    assertThat(p.get(i).keys()).isEqualTo(d.get(i).keys());
                    assertThat(Arrays.asList(p.get(i).machines(), p.get(i).requests(), p.get(i).failures(),
                            p.get(i).engineVersion())).isEqualTo(Arrays.asList(d.get(i).machines(), d.get(i).requests(),
                            d.get(i).failures(), d.get(i).engineVersion()));
                    for (Metric metric : d.get(i).metrics().keySet()) {
                        same(metric.id(), d.get(i).metrics().get(metric), p.get(i).metrics().get(metric));
                        compared++;
                    }
                }
                for (Metric metric : List.of(Metric.TTFT_MS, Metric.DECODE_TPS)) {
                    List<GroupValues> dv = duck.values(r, metric);
                    List<GroupValues> pv = pg.values(r, metric);
                    assertThat(pv).hasSameSizeAs(dv);
                    for (int i = 0; i < dv.size(); i++) {
                        assertThat(pv.get(i).keys()).isEqualTo(dv.get(i).keys());
                        assertThat(pv.get(i).values()).containsExactly(dv.get(i).values());
                        assertThat(pv.get(i).fingerprints()).isEqualTo(dv.get(i).fingerprints());
                    }
                }
            }
            assertThat(compared).isGreaterThan(40);
            // the weighted percentiles and interval of SQL are CellWeights' in Java, cell by cell of these samples
            AggregateRequest byClass = new AggregateRequest(List.of("c1"), List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL), Map.of());
            int weighted = 0;
            AggregateRequest byCell = new AggregateRequest(List.of("c1"), List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL,
                    Dimension.WORKER, Dimension.PROMPT), Map.of());
            List<GroupValues> perCell = duck.values(byCell, Metric.TTFT_MS); // the counted values (set-aside ones excluded)
            for (AggregateRow row : duck.aggregate(byClass)) {
                List<double[]> values = perCell.stream()
                        .filter(g -> g.keys().get(Dimension.HARDWARE_CLASS).equals(row.keys().get(Dimension.HARDWARE_CLASS))
                                && g.keys().get(Dimension.MODEL).equals(row.keys().get(Dimension.MODEL)))
                        .map(GroupValues::values).filter(v -> v.length > 0).toList();
                Summary java = dev.fleetbench.common.stats.CellWeights.summarize(values);
                weighted += dev.fleetbench.common.stats.CellWeights.equalSizes(values) ? 0 : 1;
                same("ttft_ms of " + row.keys(), java, row.metrics().get(Metric.TTFT_MS));
            }
            assertThat(weighted).as("groups whose cells differ in size").isPositive();
            assertThat(pg.unstableCells("c1", null)).isNotEmpty().isEqualTo(duck.unstableCells("c1", null));
            assertThat(pg.measuredCounts("c1")).isEqualTo(duck.measuredCounts("c1"));
            assertThat(pg.samples("c1", 0, 10_000)).isEqualTo(duck.samples("c1", 0, 10_000));
        }
    }

    /**
     * The stability rule gives one verdict in Java ({@link Stability}) and in both databases' SQL: cells of 3 to 9
     * quiet values (decode rates within ±0.3 %, so cv stays below 3 %), every third with one point 2 % off, which only
     * the outlier half can catch.
     */
    @Test
    void javaAndBothDatabasesJudgeStabilityAlike() {
        try (JdbcStore duck = Stores.duckDb(dir).open("stability"); JdbcStore pg = Stores.postgres().open("stability")) {
            Matrix m = StoreData.matrix("c1");
            Random rnd = new Random(5);
            List<Sample> samples = new ArrayList<>();
            Set<String> expected = new TreeSet<>();
            List<Cell> cells = StoreData.runnable(m);
            for (int k = 0; k < 14; k++) {
                for (Cell c : cells) {
                    int n = 3 + (k % 7);
                    List<Sample> cell = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        double gap = 10 * (1 + 0.001 * rnd.nextGaussian()) * (k % 3 == 0 && i == n - 1 ? 1.02 : 1);
                        cell.add(Samples.ok(c.model(), c.promptId(), 100, gap, 8)
                                .withPlacement("c1", c.id() + "-" + k, "lease-" + c.workerId(), c.workerId()));
                    }
                    samples.addAll(cell);
                    double[] decode = cell.stream().mapToDouble(Sample::decodeTps).toArray();
                    if (Stability.isUnstable(decode)) {
                        expected.add(c.id() + "-" + k);
                    }
                    assertThat(dev.fleetbench.common.stats.Summary.of(decode).cvPct()).isLessThan(3.0);
                }
            }
            for (JdbcStore s : List.of(duck, pg)) {
                s.insertCampaign(StoreData.campaign("c1"), m.cells(), m.units());
                s.ingest(samples);
            }
            assertThat(expected).hasSizeGreaterThan(5).hasSizeLessThan(14 * cells.size());
            assertThat(new TreeSet<>(duck.unstableCells("c1", null))).isEqualTo(expected);
            assertThat(new TreeSet<>(pg.unstableCells("c1", null))).isEqualTo(expected);
        }
    }

    /** Per runnable cell: 1 to 12 measured samples of random speed (a few cells beyond plan), some failures. */
    private static List<Sample> samples(List<Cell> cells, Random rnd) {
        List<Sample> out = new ArrayList<>();
        for (Cell c : cells) {
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                Sample s = i % 7 == 6 ? Samples.failed(c.model(), c.promptId(), FailureCode.TIMEOUT)
                        : Samples.ok(c.model(), c.promptId(), 20 + rnd.nextDouble() * 400, 2 + rnd.nextDouble() * 30,
                        4 + rnd.nextInt(40));
                out.add(s.withPlacement(c.campaignId(), c.id(), "lease-" + c.workerId(), c.workerId()));
            }
        }
        return out;
    }

    private static void same(String metric, Summary d, Summary p) {
        assertThat(p.n()).as(metric).isEqualTo(d.n());
        assertThat(List.of(nz(p.min()), nz(p.max()), nz(p.medianCiLow()), nz(p.medianCiHigh())))
                .as(metric + " min, max, median interval").isEqualTo(List.of(nz(d.min()), nz(d.max()),
                        nz(d.medianCiLow()), nz(d.medianCiHigh())));
        Double[] ds = {d.mean(), d.sd(), d.cvPct(), d.p50(), d.p90(), d.p95(), d.p99()};
        Double[] ps = {p.mean(), p.sd(), p.cvPct(), p.p50(), p.p90(), p.p95(), p.p99()};
        for (int i = 0; i < ds.length; i++) {
            if (ds[i] == null) {
                assertThat(ps[i]).as(metric + " figure " + i).isNull();
            } else {
                assertThat(ps[i]).as(metric + " figure " + i).isCloseTo(ds[i],
                        org.assertj.core.data.Offset.offset(Math.abs(ds[i]) * 1e-12 + 1e-12));
            }
        }
    }

    private static double nz(Double d) {
        return d == null ? Double.NaN : d;
    }
}
