package dev.fleetbench.coordinator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCacheTest {

    private static final String SPEC = "{\"name\": \"n\", \"models\": [\"m\"], \"prompts\": [{\"id\": \"p\", \"text\": \"Hi\"}]}";

    private static CampaignRecord campaign(String id, String spec) {
        return new CampaignRecord(id, "n", spec, false, null, Instant.parse("2026-12-01T10:00:00Z"), CampaignState.DONE,
                null, List.of());
    }

    @Test
    void aCampaignsSpecIsParsedOnceHoweverOftenItsResultsAreAskedFor() {
        SpecCache cache = new SpecCache();
        CampaignSpec first = cache.of(campaign("c1", SPEC));
        for (int i = 0; i < 5; i++) {
            // a record read again from the store: an equal text in another string
            assertThat(cache.of(campaign("c1", new String(SPEC.toCharArray())))).isSameAs(first);
        }
        assertThat(cache.parses()).isEqualTo(1);
        assertThat(cache.of(campaign("c2", SPEC))).isNotSameAs(first);
        assertThat(cache.parses()).isEqualTo(2);
    }

    @Test
    void aCampaignWhoseStoredSpecChangedIsParsedAgain() {
        SpecCache cache = new SpecCache();
        assertThat(cache.of(campaign("c1", SPEC)).name()).isEqualTo("n");
        CampaignSpec replaced = cache.of(campaign("c1", SPEC.replace("\"n\"", "\"renamed\"")));
        assertThat(replaced.name()).isEqualTo("renamed");
        assertThat(cache.parses()).isEqualTo(2);
    }
}
