package dev.fleetbench.coordinator.domain.leases;

import dev.fleetbench.common.model.PowerSource;

/** What lab gating looks at: is somebody using the machine, and is it on AC power. */
public record WorkerConditions(boolean userIdle, PowerSource power) {
}
