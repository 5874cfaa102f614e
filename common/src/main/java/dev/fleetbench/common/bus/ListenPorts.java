package dev.fleetbench.common.bus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The ports a cluster member (coordinator or worker) listens on. Other members connect to both of them, so on a lab
 * network they are fixed and known in advance: a firewall such as Windows Defender Firewall, which blocks inbound
 * connections by default, can then be opened for exactly these ports, for the other side's address only. On loopback
 * nothing crosses a firewall and several members share one machine (the demo, the tests), so a port that was not given
 * is any free one there. Stateless.
 */
public final class ListenPorts {

    private ListenPorts() {
    }

    /** The port to use: the one given, else the default for a network address, else 0 (any free) on loopback. */
    public static int resolve(Integer given, int networkDefault, String host) {
        if (given != null) {
            return given;
        }
        return Hosts.isLoopback(host) ? 0 : networkDefault;
    }

    /**
     * Why a fixed port cannot be used, or null when it is free (or 0, any free port). Checked before joining, so a
     * second member on the same machine gets this message instead of a Hazelcast stack trace.
     *
     * @param option the option that moves this port, named in the message
     * @param who    what else may hold it ("another worker", "another coordinator")
     */
    public static String busy(String host, int port, String option, String who) {
        if (port == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as the listeners themselves do off Windows: connections of a member that just stopped (TIME_WAIT) must
            // not make its port look taken; on Windows the flag would let the probe bind beside a live listener instead
            probe.setReuseAddress(!System.getProperty("os.name", "").startsWith("Windows"));
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return null;
        } catch (IOException e) {
            return "port " + port + " on " + host + " is not available (" + e.getMessage() + "); " + who + " or "
                    + "program uses it: choose another one with " + option;
        }
    }
}
