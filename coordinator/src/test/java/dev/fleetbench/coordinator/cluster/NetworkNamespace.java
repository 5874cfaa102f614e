package dev.fleetbench.coordinator.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * A network namespace made for one test, joined to the root namespace by a veth pair: the root end holds
 * {@code 10.213.N.1/30}, the namespace's end {@code 10.213.N.2/30} (a private range; the namespace has no other route,
 * so nothing it sends leaves the machine). {@link #cut()} takes the namespace's end down (a switch that reboots, a
 * laptop that changes Wi-Fi: the peer loses its carrier too), {@link #heal()} brings it back. {@link #close()} deletes
 * the namespace and with it both ends of the pair. Names are short and random ({@code fb1a2b}), so parallel runs and
 * leftovers of a killed run never collide. Needs root; {@link #create()} skips the test with the reason otherwise.
 */
final class NetworkNamespace implements AutoCloseable {

    final String name;
    final String rootDevice;
    final String innerDevice;
    final String rootAddress;
    final String innerAddress;

    private NetworkNamespace(String name, int subnet) {
        this.name = name;
        this.rootDevice = name + "r";
        this.innerDevice = name + "i";
        this.rootAddress = "10.213." + subnet / 64 + "." + ((subnet % 64) * 4 + 1);
        this.innerAddress = "10.213." + subnet / 64 + "." + ((subnet % 64) * 4 + 2);
    }

    /** A fresh namespace with its link up; skips the calling test when namespaces cannot be made here. */
    static NetworkNamespace create() {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        NetworkNamespace n = new NetworkNamespace("fb" + id, ThreadLocalRandom.current().nextInt(0, 256 * 64));
        try {
            run("ip", "netns", "add", n.name);
        } catch (IllegalStateException e) {
            throw new TestAbortedException("network namespaces cannot be created here (root and iproute2 are needed): "
                    + e.getMessage());
        }
        try {
            run("ip", "link", "add", n.rootDevice, "type", "veth", "peer", "name", n.innerDevice, "netns", n.name);
            run("ip", "addr", "add", n.rootAddress + "/30", "dev", n.rootDevice);
            run("ip", "link", "set", n.rootDevice, "up");
            n.inside("ip", "addr", "add", n.innerAddress + "/30", "dev", n.innerDevice);
            n.inside("ip", "link", "set", "lo", "up");
            n.inside("ip", "link", "set", n.innerDevice, "up");
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The prefix that runs a command inside this namespace ({@code ip netns exec} execs it: same process). */
    List<String> launcher() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Takes the namespace's end of the link down: every packet either way is lost until {@link #heal()}. */
    void cut() {
        inside("ip", "link", "set", innerDevice, "down");
    }

    void heal() {
        inside("ip", "link", "set", innerDevice, "up");
    }

    void inside(String... cmd) {
        List<String> all = new ArrayList<>(launcher());
        all.addAll(List.of(cmd));
        run(all.toArray(String[]::new));
    }

    /** Deletes the namespace; its veth end goes with it, and the root end with its peer. Safe to call twice. */
    @Override
    public void close() {
        try {
            run("ip", "netns", "del", name);
        } catch (IllegalStateException e) {
            // already gone
        }
        try {
            run("ip", "link", "del", rootDevice);
        } catch (IllegalStateException e) {
            // went with its peer
        }
    }

    static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", cmd) + " interrupted", e);
        }
    }
}
