package dev.fleetbench.coordinator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.testing.MutableClock;
import dev.fleetbench.coordinator.testing.Promtool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator's /metrics exposition: the names the docs promise, and clean for Prometheus's own linter. */
class CoordinatorMetricsTest {

    private static String scrape() {
        Fleet fleet = new Fleet(new MutableClock(), Duration.ofSeconds(3), Duration.ofSeconds(60));
        fleet.register(new RegisterRequest(Protocol.VERSION, "w-1", "0.1.0", Fixtures.intelDesktop(),
                new EngineDescriptor("embedded", "b4916"), List.of(), List.of(), Map.of()));
        CampaignProgress progress = new CampaignProgress("c-1", 4, 1, 1, 1, 0, 1, 0);
        CoordinatorMetrics metrics = new CoordinatorMetrics(fleet, () -> List.of(progress), () -> 3);
        metrics.ingested(5, 2, 1, Duration.ofMillis(7));
        metrics.heartbeat("W-1");
        return metrics.scrape();
    }

    @Test
    void exposesTheDocumentedNamesWithTheirUnits() {
        String text = scrape();
        assertThat(text).contains("fleetbench_samples_stored_total 5.0")
                .contains("fleetbench_samples_duplicate_total 2.0")
                .contains("fleetbench_samples_set_aside_total 1.0")
                .contains("fleetbench_heartbeats_total{worker=\"w-1\"} 1.0")
                .contains("fleetbench_bus_rejected_messages_total 3.0")
                .contains("fleetbench_ingest_latency_seconds_count 1")
                .contains("fleetbench_workers{state=\"ready\"} 1.0")
                .contains("fleetbench_queue_depth 1.0")
                .contains("# TYPE fleetbench_bus_rejected_messages_total counter")
                .contains("# TYPE process_cpu_seconds_total counter")
                .contains("# TYPE system_cpu_logical_processors gauge")
                .doesNotContain("process_cpu_time_ns").doesNotContain("system_cpu_count");
    }

    @Test
    void promtoolFindsNothingToReport() throws Exception {
        Path promtool = Promtool.path();
        assumeTrue(promtool != null, "promtool is not on PATH (Debian: apt-get install prometheus): "
                + "the exposition is not linted here");
        assertThat(Promtool.checkMetrics(promtool, scrape())).isEmpty();
    }
}
