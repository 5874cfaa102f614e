package dev.fleetbench.common.bus;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Starts a clustered Vert.x on Hazelcast from {@link ClusterSettings}. The Hazelcast configuration is built in code
 * (no XML lookup, no phone-home): bound to one interface, multicast and auto-detection off unless asked, TCP-IP join
 * with the member list, failure detection in seconds, and the structures the Vert.x cluster manager needs. With a
 * cluster secret the Hazelcast cluster name is bound to it; with TLS settings the event bus runs mutual TLS
 * (docs/security.md).
 */
public final class Clustering {

    /** Kept so the level set on it is not lost to garbage collection (java.util.logging holds loggers weakly). */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");
    /** The CP subsystem is an enterprise feature; its "not enabled" warning is expected (Vert.x locks run unsafe). */
    private static final java.util.logging.Logger CP_LOG = java.util.logging.Logger.getLogger("com.hazelcast.cp");

    private Clustering() {
    }

    public static Future<Vertx> start(ClusterSettings s) {
        return start(s, new VertxOptions());
    }

    public static Future<Vertx> start(ClusterSettings s, VertxOptions options) {
        // Hazelcast narrates every membership change at INFO; FleetBench reports what matters itself.
        if (!Boolean.getBoolean("fleetbench.hazelcast.verbose")) {
            HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
            CP_LOG.setLevel(java.util.logging.Level.SEVERE);
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(s));
        EventBusOptions bus = options.getEventBusOptions()
                .setHost(s.host()).setClusterPublicHost(s.host())
                .setPort(s.eventBusPort());
        if (s.security().tls() != null) {
            s.security().tls().applyTo(bus);
        }
        options.setEventBusOptions(bus);
        // The codecs are there before any member sends a record to this one.
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .onSuccess(v -> MessageCodecs.install(v.eventBus()));
    }

    /** The Hazelcast member under a clustered Vert.x made by {@link #start} (membership, the coordinators' directory). */
    public static HazelcastInstance hazelcast(Vertx vertx) {
        return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
    }

    /** The ports a node made by {@link #start} really listens on (a port given as 0 is known only now). */
    public static ClusterPorts boundPorts(Vertx vertx) {
        int bus = ((VertxInternal) vertx).clusterManager().getNodeInfo().port();
        int member = hazelcast(vertx).getCluster().getLocalMember().getAddress().getPort();
        return new ClusterPorts(member, bus);
    }

    /** The Hazelcast member configuration for these settings. */
    public static Config hazelcastConfig(ClusterSettings s) {
        Config c = new Config();
        c.setClusterName(s.hazelcastClusterName());
        c.setInstanceName("fleetbench-" + (s.liteMember() ? "worker-" : "coordinator-") + UUID.randomUUID());
        c.setLiteMember(s.liteMember());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(s.heartbeat().toSeconds()));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(s.maxNoHeartbeat().toSeconds()));
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.tcp.join.port.try.count", "1");
        c.setProperty("hazelcast.logging.type", "jdk");
        // No quick split-brain merge: a merge gives members new ids under Vert.x's feet, which leaves stale event-bus
        // routes. A worker that lost its coordinator leaves and rejoins the cluster instead (AgentNode).
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(s.hazelcastPort() == 0 ? freePort(s.host()) : s.hazelcastPort());
        net.setPortAutoIncrement(s.hazelcastPort() == 0);
        net.setPublicAddress(s.host());
        net.getInterfaces().setEnabled(true).addInterface(s.host());
        JoinConfig join = net.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(s.multicast());
        join.getTcpIpConfig().setEnabled(!s.multicast());
        s.members().forEach(m -> join.getTcpIpConfig().addMember(m));
        if (!s.multicast() && s.members().isEmpty()) {
            join.getTcpIpConfig().addMember(s.host());
        }
        c.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        c.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        c.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return c;
    }

    /** A port free on the host now (Hazelcast cannot bind port 0 itself). */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
