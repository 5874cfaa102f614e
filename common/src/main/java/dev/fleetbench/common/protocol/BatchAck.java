package dev.fleetbench.common.protocol;

/**
 * The samples of a batch are durably stored (or were already): the worker may delete them from its outbox.
 *
 * @param v          protocol version
 * @param batchId    the batch
 * @param stored     samples stored now
 * @param duplicates samples that were already stored (ignored)
 * @param setAside   measured samples beyond a cell's planned count (from a lost attempt), kept but not counted
 */
public record BatchAck(int v, String batchId, int stored, int duplicates, int setAside) implements Message {

    public static final String TYPE = "batch-ack";

    @Override
    public String type() {
        return TYPE;
    }
}
