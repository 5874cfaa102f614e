package dev.fleetbench.coordinator.cluster;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A second cable between two {@link NetworkNamespace}s: a veth pair with one end in each, {@code 10.214.N.1/30} on
 * {@code a}'s side and {@code 10.214.N.2/30} on {@code b}'s (a private range with no route beyond the pair). Each
 * namespace keeps its own link to the root namespace, so cutting this one splits {@code a} from {@code b} while both
 * still reach what runs in the root namespace (the database). Deleted with either namespace.
 */
final class NamespaceLink {

    final String aAddress;
    final String bAddress;
    private final NetworkNamespace b;
    private final String bDevice;

    private NamespaceLink(NetworkNamespace b, String bDevice, String aAddress, String bAddress) {
        this.b = b;
        this.bDevice = bDevice;
        this.aAddress = aAddress;
        this.bAddress = bAddress;
    }

    /** Joins {@code a} and {@code b} by a new veth pair, up on both ends. */
    static NamespaceLink between(NetworkNamespace a, NetworkNamespace b) {
        int subnet = ThreadLocalRandom.current().nextInt(0, 256 * 64);
        String prefix = "10.214." + subnet / 64 + ".";
        String aAddress = prefix + ((subnet % 64) * 4 + 1);
        String bAddress = prefix + ((subnet % 64) * 4 + 2);
        String aDevice = a.name + "x";
        String bDevice = b.name + "x";
        // made in a, its peer moved straight into b
        a.inside("ip", "link", "add", aDevice, "type", "veth", "peer", "name", bDevice, "netns", b.name);
        a.inside("ip", "addr", "add", aAddress + "/30", "dev", aDevice);
        a.inside("ip", "link", "set", aDevice, "up");
        b.inside("ip", "addr", "add", bAddress + "/30", "dev", bDevice);
        b.inside("ip", "link", "set", bDevice, "up");
        return new NamespaceLink(b, bDevice, aAddress, bAddress);
    }

    /**
     * Takes {@code b}'s end down: nothing passes between the two namespaces until {@link #heal()}. The address on
     * {@code a}'s side stays usable inside {@code a} (its members keep talking to each other through it).
     */
    void cut() {
        b.inside("ip", "link", "set", bDevice, "down");
    }

    void heal() {
        b.inside("ip", "link", "set", bDevice, "up");
    }
}
