package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.Sample;
import java.util.List;

/**
 * Samples from a worker's outbox. Sent until acknowledged; the coordinator stores each sample once by its id, so a
 * batch may safely arrive twice.
 *
 * @param v        protocol version
 * @param workerId sender
 * @param batchId  id of this batch (for logs; idempotence is per sample)
 * @param samples  the samples
 * @param session  the session token of its registration ({@link RegisterReply#session()})
 */
public record SampleBatch(int v, String workerId, String batchId, List<Sample> samples, String session)
        implements Message {

    public static final String TYPE = "sample-batch";

    public SampleBatch {
        samples = List.copyOf(samples);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
