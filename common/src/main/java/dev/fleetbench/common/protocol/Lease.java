package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.ModelVariant;
import java.util.List;

/**
 * Work for one worker: one model variant on its machine, with its prompts and repetitions. It expires unless the
 * worker's heartbeats renew it; a lease that is run again carries only the repetitions still missing.
 *
 * @param leaseId               unique per attempt
 * @param campaignId            campaign it belongs to
 * @param attempt               1 for the first attempt
 * @param variant               the variant to run (resolved on this machine)
 * @param prompts               prompts with their cells and missing repetitions
 * @param warmups               warm-up requests before the measured ones
 * @param promptSetVersion      version of the campaign's prompt set, for fingerprints
 * @param requestTimeoutSeconds limit of one request
 * @param removeDownloadAfter   remove the model from the engine's cache afterwards if this lease downloaded it
 */
public record Lease(String leaseId, String campaignId, int attempt, ModelVariant variant, List<LeasePrompt> prompts,
                    int warmups, String promptSetVersion, int requestTimeoutSeconds, boolean removeDownloadAfter) {

    public Lease {
        prompts = List.copyOf(prompts);
    }
}
