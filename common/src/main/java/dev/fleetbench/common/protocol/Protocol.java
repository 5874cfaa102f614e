package dev.fleetbench.common.protocol;

/** Versioning of the worker–coordinator protocol. */
public final class Protocol {

    /**
     * Version of the message formats between worker and coordinator. Bump it on any incompatible change; the
     * coordinator refuses a worker that speaks another version and says both versions.
     */
    public static final int VERSION = 1;

    private Protocol() {
    }
}
