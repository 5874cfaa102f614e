package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.RatingStore;
import dev.fleetbench.coordinator.store.SampleStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Blind side-by-side rating: two answers to one prompt from two different models, shown as A and B in random order
 * with the models hidden; the rating is stored with the models and only then revealed. Pairs wait in memory (bounded;
 * a coordinator restart forgets them and the rater simply asks for a new pair). Confined to the event loop.
 */
public final class BlindPairs {

    /** Pairs kept at most; the oldest is forgotten first. */
    static final int MAX_PAIRS = 10_000;
    private static final int MAX_SCANNED = 50_000;

    /** The store concerns blind rating uses: the answers (samples) and the ratings. */
    public record Stores(SampleStore samples, RatingStore ratings) {
    }

    /** A pair handed out for rating. */
    public record Pair(String pairId, String campaignId, PromptSpec prompt, Sample a, Sample b) {
    }

    private final StoreAccess<Stores> store;
    private final Clock clock;
    private final Random random;
    private final Map<String, Pair> pairs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pair> eldest) {
            return size() > MAX_PAIRS;
        }
    };

    public BlindPairs(StoreAccess<Stores> store, Clock clock, Random random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** A new pair for a prompt of a campaign; fails with NOT_FOUND when fewer than two models answered it. */
    public Future<Pair> next(CampaignRecord c, CampaignSpec spec, String promptId) {
        PromptSpec prompt = spec.prompts().prompts().stream().filter(p -> p.id().equals(promptId)).findFirst()
                .orElseThrow(() -> new ApiProblem(ApiProblem.Kind.NOT_FOUND, "campaign " + c.id() + " has no prompt '"
                        + promptId + "'"));
        return store.read(s -> {
            Map<String, List<Sample>> byModel = new LinkedHashMap<>();
            for (int offset = 0; offset < MAX_SCANNED; offset += 10_000) {
                List<Sample> page = s.samples().samples(c.id(), offset, 10_000);
                page.stream().filter(x -> x.promptId().equals(promptId) && x.kind() == SampleKind.MEASURED && x.ok()
                        && !x.text().isBlank()).forEach(x -> byModel.computeIfAbsent(x.model(), k -> new ArrayList<>()).add(x));
                if (page.size() < 10_000) {
                    break;
                }
            }
            return byModel;
        }).map(byModel -> {
            if (byModel.size() < 2) {
                throw new ApiProblem(ApiProblem.Kind.NOT_FOUND, "prompt '" + promptId + "' has answers from "
                        + byModel.size() + " model(s); blind rating needs two");
            }
            List<String> models = new ArrayList<>(byModel.keySet());
            String first = models.remove(random.nextInt(models.size()));
            String second = models.get(random.nextInt(models.size()));
            List<Sample> fs = byModel.get(first);
            List<Sample> ss = byModel.get(second);
            Pair p = new Pair(UUID.randomUUID().toString(), c.id(), prompt, fs.get(random.nextInt(fs.size())),
                    ss.get(random.nextInt(ss.size())));
            pairs.put(p.pairId(), p);
            return p;
        });
    }

    /** Stores the rating of a pair and returns it (with the models, now revealed). */
    public Future<RatingRecord> rate(String pairId, RatingRecord.Scores a, RatingRecord.Scores b) {
        Pair p = pairs.remove(pairId);
        if (p == null) {
            return Future.failedFuture(new ApiProblem(ApiProblem.Kind.NOT_FOUND, "pair '" + pairId
                    + "' is unknown or already rated; ask GET /api/answers for a new one"));
        }
        RatingRecord r = new RatingRecord(UUID.randomUUID().toString(), p.campaignId(), p.prompt().id(),
                p.prompt().category().wire(), p.a().id(), p.b().id(), p.a().model(), p.b().model(), a, b, clock.instant());
        return store.write(s -> {
            s.ratings().insertRating(r);
            return r;
        });
    }
}
