package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.store.CampaignRecord;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parsed spec of every campaign the results were asked about, parsed once from its stored text instead of on every
 * results call. A campaign whose stored text differs from the one parsed (an import that replaced it) is parsed
 * again, so the cache never answers with a spec its campaign no longer has. One entry per campaign: as many as the
 * store holds. Thread-safe.
 */
final class SpecCache {

    private record Entry(String text, boolean yaml, CampaignSpec spec) {
    }

    private final ConcurrentHashMap<String, Entry> byCampaign = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    /** The campaign's spec, parsed once per stored text. */
    CampaignSpec of(CampaignRecord c) {
        Entry e = byCampaign.get(c.id());
        if (e != null && e.yaml() == c.yaml() && e.text().equals(c.specText())) {
            return e.spec();
        }
        CampaignSpec spec = CampaignSpecParser.parse(c.specText(), c.yaml());
        parses.incrementAndGet();
        byCampaign.put(c.id(), new Entry(c.specText(), c.yaml(), spec));
        return spec;
    }

    /** How many times a spec was parsed (for tests and for the reader who wonders whether the cache works). */
    long parses() {
        return parses.get();
    }
}
