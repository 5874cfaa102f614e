package dev.fleetbench.common.protocol;

import java.util.Map;
import java.util.Set;

/**
 * Every message record of the protocol with its {@code type} name: the one table that pairs a class with the name its
 * JSON carries, so that a caller names a message by its class only (the event bus's codecs and {@link Wire} read it).
 * Immutable.
 */
public final class MessageTypes {

    private static final Map<Class<? extends Message>, String> NAMES = Map.ofEntries(
            Map.entry(RegisterRequest.class, RegisterRequest.TYPE),
            Map.entry(RegisterReply.class, RegisterReply.TYPE),
            Map.entry(Heartbeat.class, Heartbeat.TYPE),
            Map.entry(HeartbeatReply.class, HeartbeatReply.TYPE),
            Map.entry(LeaseRequest.class, LeaseRequest.TYPE),
            Map.entry(LeaseReply.class, LeaseReply.TYPE),
            Map.entry(SampleBatch.class, SampleBatch.TYPE),
            Map.entry(BatchAck.class, BatchAck.TYPE),
            Map.entry(LeaseProgress.class, LeaseProgress.TYPE),
            Map.entry(LeaseFinished.class, LeaseFinished.TYPE),
            Map.entry(LeaseFinishedAck.class, LeaseFinishedAck.TYPE));

    private MessageTypes() {
    }

    /** Every message record. */
    public static Set<Class<? extends Message>> all() {
        return NAMES.keySet();
    }

    /**
     * The {@code type} name of a message record, e.g. {@code "batch-ack"} for {@link BatchAck}.
     *
     * @throws IllegalArgumentException for a class that is not a message record of this protocol
     */
    public static String nameOf(Class<? extends Message> type) {
        String name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " is not a message record of the protocol; known: "
                    + NAMES.values());
        }
        return name;
    }
}
