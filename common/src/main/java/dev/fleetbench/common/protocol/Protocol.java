package dev.fleetbench.common.protocol;

/** Versioning of the worker–coordinator protocol. */
public final class Protocol {

    /**
     * Version of the message formats between worker and coordinator. Bump it on any incompatible change; the
     * coordinator refuses a worker that speaks another version and says both versions.
     *
     * <p>2: the registration carries the cluster-secret proof ({@link RegisterRequest#proof()}); a version-1
     * coordinator would refuse the new field with a less helpful message than the version check gives.
     *
     * <p>3: the coordinator answers an accepted registration with a session token ({@link RegisterReply#session()})
     * that every later message of the worker carries ({@code session}); the registration names the agent's
     * {@code instance} so that two agents with one worker identity can be told apart (docs/security.md).
     *
     * <p>4: a sample carries its quality score, device truth and energy, the heartbeat says why a worker is paused
     * ({@link Heartbeat#paused()}), and a refused registration may carry {@code REJECTED}; a version-3 peer would
     * refuse the new fields as unknown with a less helpful message than the version check gives.
     *
     * <p>5: the registration's hardware profile carries the memory bandwidth the agent measured
     * ({@code memory_bandwidth}) and a catalog variant its key/value cache size ({@code kv_bytes_per_token}); a
     * version-4 coordinator would refuse them as unknown fields.
     */
    public static final int VERSION = 5;

    private Protocol() {
    }
}
