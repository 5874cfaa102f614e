package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.protocol.RegisterRequest;
import java.time.Instant;

/** A worker as stored: its last registration and when it was last seen. */
public record StoredWorker(RegisterRequest registration, Instant lastSeen) {
}
