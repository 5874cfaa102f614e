package dev.fleetbench.coordinator.store;

import dev.fleetbench.coordinator.domain.results.RatingRecord;
import java.util.List;

/**
 * Blind ratings of answers by people.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface RatingStore {

    void insertRating(RatingRecord rating);

    /** Ratings of answers of these campaigns, oldest first. */
    List<RatingRecord> ratings(List<String> campaignIds);
}
