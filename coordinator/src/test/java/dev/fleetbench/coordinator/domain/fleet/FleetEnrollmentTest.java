package dev.fleetbench.coordinator.domain.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Enrollment in the fleet: pending until approved, rejection by worker and by machine, changed hardware. */
class FleetEnrollmentTest {

    private static final HardwareProfile DESKTOP = Fixtures.intelDesktop();
    private static final HardwareProfile UPGRADED = new HardwareProfile(DESKTOP.machineId(), "renamed-host", DESKTOP.os(),
            DESKTOP.cpu(), new MemoryInfo(64_000_000_000L, 60_000_000_000L),
            List.of(new GpuInfo("NVIDIA GeForce RTX 4060", "nvidia", 8_000_000_000L, "560.94")), DESKTOP.npus(),
            DESKTOP.power(), DESKTOP.notes());

    private final MutableClock clock = new MutableClock();
    private final Fleet fleet = new Fleet(clock, Duration.ofSeconds(3), Duration.ofSeconds(60), false);

    private static RegisterRequest reg(String id, HardwareProfile hw) {
        return new RegisterRequest(Protocol.VERSION, id, "0.1.0", hw, new EngineDescriptor("embedded", "b4916"),
                List.of(), List.of(), Map.of());
    }

    private Enrollment join(RegisterRequest r) {
        assertThat(fleet.rejection(r)).isNull();
        fleet.register(r);
        return fleet.enroll(r);
    }

    @Test
    void aNewWorkerIsPendingUntilApprovedAndIsEnrolledOnce() {
        Enrollment first = join(reg("w1", DESKTOP));
        assertThat(first.state()).isEqualTo(Enrollment.State.PENDING);
        assertThat(first.machineId()).isEqualTo(DESKTOP.machineId());
        assertThat(fleet.approved("w1")).isFalse();
        assertThat(join(reg("w1", DESKTOP))).as("a rejoin is enrolled already").isNull();

        clock.advance(Duration.ofMinutes(5));
        Enrollment approved = fleet.approve("w1");
        assertThat(approved.state()).isEqualTo(Enrollment.State.APPROVED);
        assertThat(approved.approvedProfile()).isEqualTo(DESKTOP);
        assertThat(approved.decidedAt()).isEqualTo(clock.instant());
        assertThat(fleet.approved("w1")).isTrue();
        assertThat(fleet.hardwareChanges("w1")).isEmpty();
    }

    @Test
    void autoApprovalLetsANewWorkerInWithItsHardware() {
        Fleet open = new Fleet(clock, Duration.ofSeconds(3), Duration.ofSeconds(60), true);
        RegisterRequest r = reg("w1", DESKTOP);
        open.register(r);
        assertThat(open.enroll(r).state()).isEqualTo(Enrollment.State.APPROVED);
        assertThat(open.approved("w1")).isTrue();
        assertThat(open.enrollment("w1").orElseThrow().approvedProfile()).isEqualTo(DESKTOP);
    }

    @Test
    void aRejectedWorkerAndItsMachineAreRefusedWithTheReason() {
        join(reg("w1", DESKTOP));
        Enrollment rejected = fleet.reject("w1", "  not a lab machine ");
        assertThat(rejected.reason()).isEqualTo("not a lab machine");
        assertThat(fleet.approved("w1")).isFalse();
        assertThat(fleet.rejection(reg("w1", DESKTOP)))
                .isEqualTo("an admin rejected this machine (worker w1): not a lab machine");
        assertThat(fleet.rejection(reg("w-fresh-data-dir", DESKTOP))).as("same machine id, another worker id")
                .isEqualTo("an admin rejected this machine (worker w1): not a lab machine");
        assertThat(fleet.rejection(reg("w2", Fixtures.snapdragonLaptop()))).as("another machine").isNull();

        fleet.approve("w1");
        assertThat(fleet.rejection(reg("w1", DESKTOP))).as("approved after all").isNull();
    }

    @Test
    void anApprovedWorkerWithOtherHardwareIsChangedUntilAcknowledged() {
        join(reg("w1", DESKTOP));
        fleet.approve("w1");
        join(reg("w1", UPGRADED));
        assertThat(fleet.approved("w1")).as("still approved, still gets work").isTrue();
        assertThat(fleet.hardwareChanges("w1")).containsExactly("RAM: 34.0 GB → 64.0 GB",
                "GPUs: none → NVIDIA GeForce RTX 4060 8.0 GB driver 560.94");

        Enrollment acknowledged = fleet.acknowledge("w1");
        assertThat(acknowledged.approvedProfile()).isEqualTo(UPGRADED);
        assertThat(fleet.hardwareChanges("w1")).isEmpty();
    }

    @Test
    void decisionsOnUnknownOrPendingWorkersAreClearErrors() {
        assertThatThrownBy(() -> fleet.approve("ghost")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no worker ghost has asked to join this fleet");
        join(reg("w1", DESKTOP));
        assertThatThrownBy(() -> fleet.acknowledge("w1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("worker w1 is pending: only an approved worker's hardware change can be acknowledged");
        assertThatThrownBy(() -> fleet.reject("w1", "x".repeat(501))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 500");
    }

    @Test
    void aRestoredApprovalWithoutHardwareTakesTheStoredRegistrations() {
        fleet.restore(reg("w-old", DESKTOP), clock.instant());
        Enrollment stored = new Enrollment("w-old", null, Enrollment.State.APPROVED, null, null, clock.instant());
        Enrollment kept = fleet.restoreEnrollment(stored);
        assertThat(kept).isNotSameAs(stored);
        assertThat(kept.approvedProfile()).isEqualTo(DESKTOP);
        Enrollment pending = new Enrollment("w-new", "m", Enrollment.State.PENDING, null, null, clock.instant());
        assertThat(fleet.restoreEnrollment(pending)).isSameAs(pending);
        assertThat(fleet.approved("w-old")).isTrue();
        assertThat(fleet.approved("w-new")).isFalse();
    }
}
