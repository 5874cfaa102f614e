package dev.fleetbench.coordinator.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a campaign is. */
public enum CampaignState {
    RUNNING,
    DONE,
    CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
