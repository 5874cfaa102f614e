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
 * @param reconnectAfter silence of the coordinator after which the agent leaves and rejoins the cluster: a cluster
 *                       left with only lite members (the coordinator died) cannot heal itself, a fresh join can
 */
public record AgentSettings(Duration heartbeat, Duration busTimeout, int batchSize, Duration flushInterval,
                            Duration maxBackoff, Duration reconnectAfter) {

    public static final AgentSettings DEFAULTS = new AgentSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 200,
            Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10));
}
