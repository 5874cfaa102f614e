package dev.fleetbench.worker.bus;

import java.time.Duration;

/**
 * Timing of the agent's conversation with the coordinator. Immutable.
 *
 * @param heartbeat      heartbeat period (renews the lease)
 * @param busTimeout     how long one request/reply may take
 * @param batchSize      most samples per batch
 * @param flushInterval  how often the outbox is flushed when it has samples
 * @param maxBackoff     longest wait between retries while the coordinator is unreachable
 */
public record AgentSettings(Duration heartbeat, Duration busTimeout, int batchSize, Duration flushInterval,
                            Duration maxBackoff) {

    public static final AgentSettings DEFAULTS = new AgentSettings(Duration.ofSeconds(1), Duration.ofSeconds(10), 200,
            Duration.ofMillis(200), Duration.ofSeconds(5));
}
