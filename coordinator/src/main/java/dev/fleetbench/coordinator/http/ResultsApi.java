package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.coordinator.app.BlindPairs;
import dev.fleetbench.coordinator.app.ResultsService;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.ModelViews;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import dev.fleetbench.coordinator.report.AggregateCsv;
import dev.fleetbench.coordinator.report.ContextHtml;
import dev.fleetbench.coordinator.report.HtmlReport;
import dev.fleetbench.coordinator.report.ModelsJson;
import dev.fleetbench.coordinator.report.PredictionsHtml;
import dev.fleetbench.coordinator.store.CampaignRecord;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The results routes: aggregates, recommendations, model views, answers and ratings, compare, exports. */
final class ResultsApi {

    private final ResultsService results;
    private final BlindPairs pairs;
    private final Clock clock;

    ResultsApi(ResultsService results, BlindPairs pairs, Clock clock) {
        this.results = results;
        this.pairs = pairs;
        this.clock = clock;
    }

    void routes(Router r, Handler<RoutingContext> authorize) {
        r.get("/api/metrics").handler(ctx -> HttpApi.json(ctx, 200, ResultsViews.metrics()));
        r.get("/api/aggregates").handler(this::aggregates);
        r.get("/api/campaigns/:id/aggregates.csv").handler(this::aggregatesCsv);
        r.get("/api/campaigns/:id/group-samples").handler(this::groupSamples);
        r.get("/api/recommendations").handler(this::recommendations);
        r.get("/api/fits").handler(this::fits);
        r.get("/api/requirements").handler(this::requirements);
        r.get("/api/answers").handler(this::answers);
        r.post("/api/ratings").handler(authorize).handler(this::rate);
        r.get("/api/compare").handler(this::compare);
        r.get("/api/regressions").handler(ctx -> results.regressions().onSuccess(list -> HttpApi.json(ctx, 200, list))
                .onFailure(ctx::fail));
        r.get("/api/acceleration").handler(this::acceleration);
        r.get("/api/campaigns/:id/predictions").handler(this::predictions);
        r.get("/api/export/models.json").handler(this::modelsJson);
        r.get("/api/campaigns/:id/report.html").handler(this::report);
        r.get("/api/campaigns/:id/context").handler(ctx -> {
            CampaignRecord c = campaign(ctx);
            results.context(c).onSuccess(t -> HttpApi.json(ctx, 200, ContextView.json(c.id(), t))).onFailure(ctx::fail);
        });
    }

    private CampaignRecord campaign(RoutingContext ctx) {
        String id = ctx.pathParam("id") != null ? ctx.pathParam("id") : ctx.request().getParam("campaign");
        if (id != null && !id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new HttpErrors.BadRequest("campaign", "campaign id must be 1-64 letters, digits, '_' or '-'");
        }
        return results.campaign(id);
    }

    static List<Dimension> by(RoutingContext ctx) {
        String by = ctx.request().getParam("by");
        if (by == null || by.isBlank()) {
            return List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL);
        }
        List<Dimension> out = new ArrayList<>();
        for (String part : by.split(",")) {
            try {
                Dimension d = Dimension.parse(part);
                if (!out.contains(d)) {
                    out.add(d);
                }
            } catch (IllegalArgumentException e) {
                throw new HttpErrors.BadRequest("by", e.getMessage());
            }
        }
        return out;
    }

    private void aggregates(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        List<Dimension> by = by(ctx);
        results.aggregates(c, by).onSuccess(a -> HttpApi.json(ctx, 200, new ResultsDocs.Aggregates(c.id(),
                by.stream().map(Dimension::column).toList(), ResultsViews.DEFINITIONS, ResultsViews.groups(a))))
                .onFailure(ctx::fail);
    }

    /** Most samples of one group in one page: a drill-down table, not an export (that is export.csv). */
    static final int MAX_GROUP_PAGE = 1000;
    /** Longest group key part accepted (class keys, variant ids, prompt and worker ids are far shorter). */
    static final int MAX_KEY_CHARS = 256;

    private void groupSamples(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        GroupKey group = new GroupKey(keyPart(ctx, "class"), keyPart(ctx, "model"), keyPart(ctx, "prompt"),
                keyPart(ctx, "worker"));
        String kindText = ctx.request().getParam("kind");
        SampleKind kind;
        try {
            kind = kindText == null || kindText.isEmpty() ? null : SampleKind.parse(kindText);
        } catch (IllegalArgumentException e) {
            throw new HttpErrors.BadRequest("kind", e.getMessage());
        }
        int offset = HttpApi.intParam(ctx, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = HttpApi.intParam(ctx, "limit", 1, MAX_GROUP_PAGE, 100);
        results.groupSamples(c, group, kind, offset, limit).onSuccess(page -> HttpApi.json(ctx, 200,
                new GroupSamplesView(c.id(), group, kind, page.total(), offset, limit, page.samples())))
                .onFailure(ctx::fail);
    }

    /** A part of a group key from the query, or null when not given. */
    private static String keyPart(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.length() > MAX_KEY_CHARS || v.chars().anyMatch(Character::isISOControl)) {
            throw new HttpErrors.BadRequest(name, name + " must be at most " + MAX_KEY_CHARS
                    + " characters without control characters");
        }
        return v;
    }

    /** The answer of {@code GET /api/campaigns/{id}/group-samples}: which group, how many in all, and this page. */
    record GroupSamplesView(String campaign, GroupKey group, SampleKind kind, long total, int offset, int limit,
                            List<Sample> samples) {
    }

    private void aggregatesCsv(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        List<Dimension> by = by(ctx);
        results.aggregates(c, by).onSuccess(a -> ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + c.id() + "-aggregates.csv\"")
                .end(AggregateCsv.write(a.rows(), by))).onFailure(ctx::fail);
    }

    private void recommendations(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.inputs(c).onSuccess(in -> HttpApi.json(ctx, 200,
                ResultsViews.recommendations(c.id(), in.slo(), in.evidence(), Recommendations.build(in))))
                .onFailure(ctx::fail);
    }

    private void fits(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.inputs(c).onSuccess(in -> HttpApi.json(ctx, 200, new ResultsDocs.Fits(c.id(), ModelViews.fits(in))))
                .onFailure(ctx::fail);
    }

    private void requirements(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.inputs(c).onSuccess(in -> HttpApi.json(ctx, 200, new ResultsDocs.Requirements(c.id(), in.slo(),
                ModelViews.requirements(in)))).onFailure(ctx::fail);
    }

    private void answers(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        CampaignSpec spec = results.spec(c);
        String prompt = ctx.request().getParam("prompt");
        if (prompt == null) {
            prompt = spec.prompts().prompts().get(0).id();
        }
        pairs.next(c, spec, prompt).onSuccess(p -> HttpApi.json(ctx, 200, new ResultsDocs.BlindPair(c.id(), p.pairId(),
                new ResultsDocs.PromptView(p.prompt().id(), p.prompt().category().wire(), p.prompt().text()),
                new ResultsDocs.Answer(p.a().id(), p.a().text()), new ResultsDocs.Answer(p.b().id(), p.b().text()))))
                .onFailure(ctx::fail);
    }

    private void rate(RoutingContext ctx) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.body().asString());
        } catch (Exception e) {
            throw new HttpErrors.BadRequest(null, "the body is not valid JSON");
        }
        if (body == null || !body.isObject() || !body.hasNonNull("pair_id") || !body.get("pair_id").isTextual()) {
            throw new HttpErrors.BadRequest("pair_id", "pair_id is missing (get a pair from GET /api/answers)");
        }
        RatingRecord.Scores a = scores(body, "a");
        RatingRecord.Scores b = scores(body, "b");
        pairs.rate(body.get("pair_id").asText(), a, b).onSuccess(r -> HttpApi.json(ctx, 201,
                new ResultsDocs.Rated(r.id(), new ResultsDocs.Revealed(r.modelA(), r.modelB())))).onFailure(ctx::fail);
    }

    private static RatingRecord.Scores scores(JsonNode body, String side) {
        JsonNode s = body.get(side);
        if (s == null || !s.isObject()) {
            throw new HttpErrors.BadRequest(side, side + " must be an object with accuracy, clarity and completeness (1-5)");
        }
        int[] v = new int[3];
        String[] names = {"accuracy", "clarity", "completeness"};
        for (int i = 0; i < 3; i++) {
            JsonNode n = s.get(names[i]);
            if (n == null || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 5) {
                throw new HttpErrors.BadRequest(side + "." + names[i], side + "." + names[i] + " must be a whole number from 1 to 5");
            }
            v[i] = n.asInt();
        }
        return new RatingRecord.Scores(v[0], v[1], v[2]);
    }

    private void compare(RoutingContext ctx) {
        String a = ctx.request().getParam("a");
        String b = ctx.request().getParam("b");
        if (a == null || b == null) {
            throw new HttpErrors.BadRequest(a == null ? "a" : "b", "compare needs a= and b= (worker:ID, class:KEY or campaign:ID)");
        }
        results.side(a).compose(left -> results.side(b).map(right -> Compare.sides(a, b, left, right)))
                .onSuccess(doc -> HttpApi.json(ctx, 200, doc)).onFailure(ctx::fail);
    }

    private void acceleration(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.acceleration(c).onSuccess(a -> HttpApi.json(ctx, 200, ResultsViews.acceleration(c.id(), a.rows(),
                a.classLabels()))).onFailure(ctx::fail);
    }

    private void predictions(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.predictions(c).onSuccess(r -> HttpApi.json(ctx, 200, PredictionViews.predictions(c.id(), r)))
                .onFailure(ctx::fail);
    }

    private void modelsJson(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.inputs(c).compose(in -> results.acceleration(c).map(a -> ModelsJson.build(Recommendations.build(in),
                in.slo(), in.evidence(), c.id(), clock.instant().toString())
                .withAcceleration(ResultsViews.accelerationRows(a.rows(), a.classLabels()))))
                .onSuccess(doc -> HttpApi.json(ctx, 200, doc)).onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx) {
        CampaignRecord c = campaign(ctx);
        results.inputs(c).compose(in -> results.context(c).compose(cx -> results.predictions(c).map(pr ->
                        PredictionsHtml.addTo(ContextHtml.addTo(HtmlReport.render(c.name(), c.id(),
                                Recommendations.build(in), in.classModelRows(), in.rows(), in.classes(),
                                Recommender.describe(in.slo()), clock.instant().toString()), cx.points(),
                                cx.classLabels()), pr))))
                .onSuccess(html -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(html))
                .onFailure(ctx::fail);
    }

    /** Two sides of a comparison, model by model. */
    static final class Compare {
        private Compare() {
        }

        static ResultsDocs.Comparison sides(String a, String b, List<AggregateRow> left, List<AggregateRow> right) {
            Map<String, AggregateRow> l = new LinkedHashMap<>();
            Map<String, AggregateRow> r = new LinkedHashMap<>();
            left.forEach(x -> l.putIfAbsent(x.keys().get(Dimension.MODEL), x));
            right.forEach(x -> r.putIfAbsent(x.keys().get(Dimension.MODEL), x));
            TreeSet<String> models = new TreeSet<>(l.keySet());
            models.addAll(r.keySet());
            List<ResultsDocs.CompareRow> rows = new ArrayList<>();
            for (String m : models) {
                AggregateRow x = l.get(m);
                AggregateRow y = r.get(m);
                rows.add(new ResultsDocs.CompareRow(m, side(x), side(y), x == null || y == null ? null
                        : new ResultsDocs.Ratios(ratio(x, y, Metric.TTFT_MS), ratio(x, y, Metric.E2E_MS),
                                ratio(x, y, Metric.DECODE_TPS))));
            }
            return new ResultsDocs.Comparison(a, b, rows);
        }

        /** b's median over a's; null where either has none or a's is 0. */
        private static Double ratio(AggregateRow a, AggregateRow b, Metric metric) {
            Double x = a.metrics().get(metric).p50();
            Double y = b.metrics().get(metric).p50();
            return x == null || y == null || x == 0 ? null : y / x;
        }

        private static ResultsDocs.CompareSide side(AggregateRow x) {
            return x == null ? null : new ResultsDocs.CompareSide(x.machines(), x.requests(), x.failures(), x.metrics());
        }
    }
}
