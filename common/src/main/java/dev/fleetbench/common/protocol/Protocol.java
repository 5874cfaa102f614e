package dev.fleetbench.common.protocol;

/** Versioning of the worker–coordinator protocol. */
public final class Protocol {

    /**
     * Version of the message formats between worker and coordinator. Bump it on any incompatible change; the
     * coordinator refuses a worker that speaks another version and says both versions.
     *
     * <p>2: the registration carries the cluster-secret proof ({@link RegisterRequest#proof()}); a version-1
     * coordinator would refuse the new field with a less helpful message than the version check gives.
     */
    public static final int VERSION = 2;

    private Protocol() {
    }
}
