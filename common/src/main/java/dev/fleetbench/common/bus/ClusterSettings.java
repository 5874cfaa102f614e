package dev.fleetbench.common.bus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins the FleetBench cluster (Vert.x clustered event bus over Hazelcast). Immutable.
 *
 * @param clusterName      Hazelcast cluster name; nodes with another name never join
 * @param host             interface to bind and to advertise (loopback by default)
 * @param hazelcastPort    Hazelcast member port; 0 picks a free one
 * @param eventBusPort     event-bus TCP port; 0 picks a free one
 * @param members          "host:port" of members to join by TCP-IP (the coordinator's); empty for the first node
 * @param multicast        join by multicast instead (for labs whose network allows it)
 * @param liteMember       workers are lite members: they hold no partitions, so laptops coming and going move no data
 * @param heartbeat        Hazelcast heartbeat interval
 * @param maxNoHeartbeat   silence after which Hazelcast removes a member (a frozen laptop), far below its 60 s default
 * @param security         cluster secret and event-bus TLS ({@link ClusterSecurity#NONE} for neither); its
 *                         {@code toString()} is redacted, so this record's is too
 */
public record ClusterSettings(String clusterName, String host, int hazelcastPort, int eventBusPort,
                              List<String> members, boolean multicast, boolean liteMember, Duration heartbeat,
                              Duration maxNoHeartbeat, ClusterSecurity security) {

    public static final String DEFAULT_CLUSTER = "fleetbench";
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_HAZELCAST_PORT = 5801;

    public ClusterSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        security = security == null ? ClusterSecurity.NONE : security;
        members = List.copyOf(members);
        if (hazelcastPort < 0 || hazelcastPort > 65535 || eventBusPort < 0 || eventBusPort > 65535) {
            throw new IllegalArgumentException("ports must be between 0 and 65535");
        }
        for (String m : members) {
            if (!m.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
                throw new IllegalArgumentException("cluster member '" + m + "' must be host:port (a port range is not accepted)");
            }
        }
    }

    /** A coordinator (full member) on loopback with failure detection in seconds. */
    public static ClusterSettings coordinator(String clusterName, String host, int hazelcastPort, List<String> members) {
        return new ClusterSettings(clusterName, host, hazelcastPort, 0, members, false, false, Duration.ofSeconds(1),
                Duration.ofSeconds(5), ClusterSecurity.NONE);
    }

    /** A worker (lite member) joining the given members. */
    public static ClusterSettings worker(String clusterName, String host, List<String> members) {
        return new ClusterSettings(clusterName, host, 0, 0, members, false, true, Duration.ofSeconds(1),
                Duration.ofSeconds(5), ClusterSecurity.NONE);
    }

    public ClusterSettings withMulticast(boolean on) {
        return new ClusterSettings(clusterName, host, hazelcastPort, eventBusPort, members, on, liteMember, heartbeat,
                maxNoHeartbeat, security);
    }

    public ClusterSettings withHazelcastPort(int port) {
        return new ClusterSettings(clusterName, host, port, eventBusPort, members, multicast, liteMember, heartbeat,
                maxNoHeartbeat, security);
    }

    public ClusterSettings withEventBusPort(int port) {
        return new ClusterSettings(clusterName, host, hazelcastPort, port, members, multicast, liteMember, heartbeat,
                maxNoHeartbeat, security);
    }

    public ClusterSettings withSecurity(ClusterSecurity s) {
        return new ClusterSettings(clusterName, host, hazelcastPort, eventBusPort, members, multicast, liteMember,
                heartbeat, maxNoHeartbeat, s);
    }

    /** The name Hazelcast sees: {@link #clusterName()} bound to the cluster secret when there is one. */
    public String hazelcastClusterName() {
        return security.hazelcastClusterName(clusterName);
    }
}
