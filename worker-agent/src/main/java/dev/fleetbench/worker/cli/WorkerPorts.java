package dev.fleetbench.worker.cli;

import dev.fleetbench.common.bus.Hosts;
import dev.fleetbench.common.bus.ListenPorts;

/**
 * Which ports a worker listens on. The coordinator connects to both (Hazelcast membership and every event-bus message
 * to the worker), so on a lab network they are fixed and known in advance: a firewall such as Windows Defender
 * Firewall, which blocks inbound connections by default, can then be opened for exactly these two ports, for the
 * coordinator's address only. On loopback nothing crosses a firewall and several workers share one machine (the demo),
 * so any free port is used there.
 */
final class WorkerPorts {

    /** Hazelcast member port of a worker on a network address (the coordinator's default is 5801). */
    static final int DEFAULT_CLUSTER_PORT = 5802;
    /** Event-bus port of a worker on a network address. */
    static final int DEFAULT_BUS_PORT = 5803;

    private WorkerPorts() {
    }

    /** The port to use: the one given, else the default for a network address, else 0 (any free) on loopback. */
    static int resolve(Integer given, int networkDefault, String host) {
        return ListenPorts.resolve(given, networkDefault, host);
    }

    /**
     * Checks that --host can be bound by a cluster member: an IPv4 literal of this machine.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static void checkHost(String host) {
        if (!Hosts.isIpv4Literal(host)) {
            throw new IllegalArgumentException("--host must be an IPv4 address of this machine (such as 10.0.0.23), "
                    + "not '" + host + "': the worker binds exactly that address and the coordinator connects back to it");
        }
    }

    /** Why a fixed port cannot be used, or null when it is free (or 0, any free port). */
    static String busy(String host, int port, String option) {
        return ListenPorts.busy(host, port, option, "another worker");
    }
}
