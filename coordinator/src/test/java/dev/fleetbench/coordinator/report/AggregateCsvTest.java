package dev.fleetbench.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aggregates.csv: group keys and fingerprint fields come from workers, so they are formula-escaped like export.csv. */
class AggregateCsvTest {

    @Test
    void formulaInjectionInKeysAndFingerprintsIsEscaped() {
        String[] starts = {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "plain"};
        List<AggregateRow> rows = new java.util.ArrayList<>();
        for (String s : starts) {
            Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
            keys.put(Dimension.HARDWARE_CLASS, s + "class");
            keys.put(Dimension.MODEL, s + "model");
            Map<Metric, Summary> metrics = new LinkedHashMap<>();
            for (Metric m : Metric.PER_REQUEST) {
                metrics.put(m, Summary.of(new double[] {1.0, 2.0, 3.0}));
            }
            rows.add(new AggregateRow(keys, s + "engine", s + "1.0", s + "cpu", s + "v1", 1, 3, 0, metrics));
        }
        String csv = AggregateCsv.write(rows, List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL));
        Golden.assertMatches("aggregates-formulas.csv", csv);
        for (String line : csv.split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(bare).as("no cell starts a formula: %s", line).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }
}
