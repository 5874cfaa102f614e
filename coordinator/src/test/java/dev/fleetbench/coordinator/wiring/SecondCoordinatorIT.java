package dev.fleetbench.coordinator.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.domain.leader.Election.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second coordinator on DuckDB (one process's file) refuses to join a cluster that has one already. */
@Timeout(120)
class SecondCoordinatorIT {

    @TempDir
    Path dir;

    @Test
    void aSecondDuckDbCoordinatorRefusesToStartAndNamesTheFirst() throws Exception {
        String cluster = "fleetbench-second-" + UUID.randomUUID().toString().substring(0, 8);
        try (CoordinatorRuntime first = CoordinatorRuntime.start(new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator(cluster, "127.0.0.1", 0, List.of()), dir.resolve("first"), null,
                CoordinatorSettings.DEFAULTS), "test")) {
            assertThat(first.role()).isEqualTo(Role.ACTIVE);
            CoordinatorConfig second = new CoordinatorConfig("127.0.0.1", 0, ClusterSettings.coordinator(cluster,
                    "127.0.0.1", 0, List.of(first.joinAddress())), dir.resolve("second"), null,
                    CoordinatorSettings.DEFAULTS);
            assertThatThrownBy(() -> CoordinatorRuntime.start(second, "test"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another coordinator (" + first.url() + ") is already running in cluster '"
                            + cluster + "'")
                    .hasMessageContaining("--store postgresql://host:port/database");
        }
    }
}
