package dev.fleetbench.common.bus;

/**
 * The two TCP ports a cluster member listens on, both of which other members connect to: a firewall between them
 * must let both in. Immutable.
 *
 * @param hazelcast the Hazelcast member port (membership and the cluster's maps)
 * @param eventBus  the Vert.x event-bus port (every message to this member)
 */
public record ClusterPorts(int hazelcast, int eventBus) {
}
