package dev.fleetbench.coordinator.domain.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.fleet.Fleet.StatusChange;
import dev.fleetbench.coordinator.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTest {

    private final MutableClock clock = new MutableClock();
    private final Fleet fleet = new Fleet(clock, Duration.ofSeconds(3), Duration.ofSeconds(60));

    private static RegisterRequest reg(String id) {
        return new RegisterRequest(Protocol.VERSION, id, "0.1.0", Fixtures.intelDesktop(),
                new EngineDescriptor("embedded", "b4916"), List.of(), List.of(), Map.of());
    }

    private Heartbeat beat(String id, WorkerState s) {
        return new Heartbeat(Protocol.VERSION, id, s, s == WorkerState.BUSY ? "l-1" : null, false, PowerSource.AC, 0,
                null);
    }

    @Test
    void readyBusyMissingGoneAndBack() {
        assertThat(fleet.register(reg("w1"))).isFalse();
        assertThat(fleet.status("w1")).isEqualTo(WorkerStatus.READY);
        fleet.heartbeat(beat("w1", WorkerState.BUSY));
        assertThat(fleet.status("w1")).isEqualTo(WorkerStatus.BUSY);
        clock.advance(Duration.ofMillis(3000));
        assertThat(fleet.status("w1")).as("exactly 3 s of silence").isEqualTo(WorkerStatus.BUSY);
        clock.advance(Duration.ofMillis(1));
        assertThat(fleet.status("w1")).isEqualTo(WorkerStatus.MISSING);
        clock.advance(Duration.ofSeconds(60));
        assertThat(fleet.status("w1")).isEqualTo(WorkerStatus.GONE);
        fleet.heartbeat(beat("w1", WorkerState.IDLE));
        assertThat(fleet.status("w1")).as("heals when heartbeats return").isEqualTo(WorkerStatus.READY);
        assertThat(fleet.register(reg("w1"))).as("a rejoin").isTrue();
    }

    @Test
    void aPausedWorkerSaysWhyUntilItWorksAgainAndALongReasonIsClipped() {
        fleet.register(reg("w1"));
        fleet.heartbeat(new Heartbeat(Protocol.VERSION, "w1", WorkerState.IDLE, null, false, PowerSource.AC, 0, null,
                "disk nearly full: 10.0 MiB free"));
        assertThat(fleet.get("w1").orElseThrow().paused()).isEqualTo("disk nearly full: 10.0 MiB free");
        fleet.heartbeat(new Heartbeat(Protocol.VERSION, "w1", WorkerState.IDLE, null, false, PowerSource.AC, 0, null,
                "x".repeat(5000)));
        assertThat(fleet.get("w1").orElseThrow().paused()).hasSize(Heartbeat.MAX_PAUSED);
        fleet.heartbeat(beat("w1", WorkerState.IDLE));
        assertThat(fleet.get("w1").orElseThrow().paused()).isNull();
    }

    @Test
    void unknownWorkersMustRegister() {
        assertThat(fleet.heartbeat(beat("ghost", WorkerState.IDLE))).isFalse();
        assertThat(fleet.status("ghost")).isEqualTo(WorkerStatus.GONE);
    }

    @Test
    void changesAreReportedOnce() {
        fleet.register(reg("w1"));
        assertThat(fleet.changes()).containsExactly(new StatusChange("w1", null, WorkerStatus.READY));
        assertThat(fleet.changes()).isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(fleet.changes()).containsExactly(new StatusChange("w1", WorkerStatus.READY, WorkerStatus.MISSING));
    }
}
