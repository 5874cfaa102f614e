package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.coordinator.cli.ResultsTable;
import dev.fleetbench.worker.bench.BenchReport;
import dev.fleetbench.worker.bench.BenchRun;
import dev.fleetbench.worker.bench.BenchTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recommendation rule end to end against a hand-written truth table: a coordinator and two workers of one class
 * (separate JVMs) on the simulated engine, whose timings and answers are known, and the same models through
 * {@code bench} in its own JVM; then the campaign's stored samples through bench's rule and table, the demo's table,
 * models.json and the HTML report, which must all agree with the API (one rule, one input).
 *
 * <ul>
 *   <li>fast-nocode: the fastest; never writes "def", so it fails every code check but passes chat; no size</li>
 *   <li>good: fast enough, passes every check; no size</li>
 *   <li>slow: 40 ms per token = 25 tok/s, below the campaign's 100 tok/s</li>
 *   <li>scarce: offered by one worker only, so 6 successful requests per use case, fewer than min_requests 10</li>
 * </ul>
 */
@Timeout(300)
class RecommendationScenarioIT {

    private static final String MODELS = "fast-nocode:0.5:0:def,good:3:0,slow:40";
    private static final String PROMPTS = """
            [{"id": "hello", "category": "chat", "text": "hello there", "max_tokens": 8, "expect": {"contains": "hello"}},
             {"id": "world", "category": "chat", "text": "greet the world", "max_tokens": 8, "expect": {"contains": "world"}},
             {"id": "sort", "category": "code", "text": "def sort_list", "max_tokens": 8, "expect": {"contains": "def"}},
             {"id": "add", "category": "code", "text": "def add_numbers", "max_tokens": 8, "expect": {"regex": "def \\\\w+"}}]""";

    /** use case → recommended; use case → model → reason of the "why not" (in candidate order). */
    private static final Map<String, String> RECOMMENDED = Map.of("chat", "fast-nocode", "code", "good");
    private static final Map<String, Map<String, String>> WHY_NOT = Map.of(
            "chat", ordered("good", "ranked_lower", "scarce", "insufficient_evidence", "slow", "too_slow"),
            "code", ordered("fast-nocode", "failed_quality_check", "scarce", "insufficient_evidence", "slow", "too_slow"));

    @Test
    void everyRecommendationAndWhyNotMatchesTheTruthTableThroughTheApiModelsJsonAndBench() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "scenario-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int http = Processes.freePort();
            int cluster = Processes.freePort();
            String url = "http://127.0.0.1:" + http;
            procs.coordinator(dir.resolve("coordinator"), http, cluster);
            Path desktop = Files.writeString(dir.resolve("desktop.json"), Json.write(Fixtures.intelDesktop()));
            procs.worker(dir.resolve("w1"), cluster, List.of("--engine", "simulated", "--simulated-ttft-ms", "5",
                    "--simulated-models", MODELS + ",scarce:3", "--hardware-profile", desktop.toString()));
            procs.worker(dir.resolve("w2"), cluster, List.of("--engine", "simulated", "--simulated-ttft-ms", "5",
                    "--simulated-models", MODELS, "--hardware-profile", desktop.toString()));
            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 2;
            }, "two workers");
            String id = procs.post(url, "/api/campaigns", "application/json", """
                    {"name": "scenario", "models": ["fast-nocode", "good", "slow", "scarce"], "repetitions": 3,
                     "warmups": 0, "max_repetition_factor": 1,
                     "slo": {"decode_p50_min_tps": 100, "max_error_rate": 0.5},
                     "evidence": {"min_requests": 10, "min_scored": 5, "min_quality": 0.5},
                     "prompts": %s}""".formatted(PROMPTS)).get("id").asText();
            Processes.await(Duration.ofSeconds(150), () -> {
                JsonNode c = procs.get(url, "/api/campaigns/" + id);
                return c != null && !c.get("state").asText().equals("running");
            }, "the campaign to finish");

            JsonNode recs = procs.get(url, "/api/recommendations?campaign=" + id);
            assertThat(recs.get("classes")).hasSize(1);
            JsonNode useCases = recs.get("classes").get(0).get("use_cases");
            assertThat(useCases).hasSize(2);
            for (JsonNode u : useCases) {
                String useCase = u.get("use_case").asText();
                assertThat(u.get("recommended").asText()).as(u.toString()).isEqualTo(RECOMMENDED.get(useCase));
                Map<String, String> whyNot = new LinkedHashMap<>();
                u.get("alternatives").forEach(a -> whyNot.put(a.get("model").asText(), a.get("reason").asText()));
                assertThat(whyNot).as(u.toString()).containsExactlyEntriesOf(WHY_NOT.get(useCase));
                u.get("alternatives").forEach(a -> assertThat(a.get("evidence").get("requests").asInt()).isPositive());
                assertThat(u.get("evidence").get("quality").get("score").asDouble()).isEqualTo(1.0);
                assertThat(u.get("evidence").get("quality").get("n").asInt()).isEqualTo(12);
                assertThat(u.get("summary").asText()).doesNotContain("best");
            }
            JsonNode chat = useCases.get(0);
            assertThat(chat.get("basis").asText()).isEqualTo("speed");
            assertThat(chat.get("summary").asText()).contains("ranked by speed: measured quality does not separate them");
            JsonNode code = useCases.get(1);
            assertThat(code.get("basis").asText()).isEqualTo("only_candidate");
            assertThat(code.get("alternatives").get(0).get("detail").asText())
                    .isEqualTo("quality 0.00 < 0.50 in this use case (n=12, 0 passed, 95 % CI 0.00–0.00)");
            assertThat(code.get("alternatives").get(1).get("detail").asText())
                    .isEqualTo("6 successful measured request(s) < 10");

            JsonNode models = procs.get(url, "/api/export/models.json?campaign=" + id);
            JsonNode cls = models.get("hardware_classes").get(0);
            assertThat(cls.get("recommended").get("chat").get("model").asText()).isEqualTo("fast-nocode");
            assertThat(cls.get("recommended").get("chat").get("basis").asText()).isEqualTo("speed");
            assertThat(cls.get("recommended").get("code").get("model").asText()).isEqualTo("good");
            for (JsonNode u : cls.get("use_cases")) {
                Map<String, String> whyNot = new LinkedHashMap<>();
                u.get("alternatives").forEach(a -> whyNot.put(a.get("model").asText(), a.get("reason").asText()));
                assertThat(whyNot).containsExactlyEntriesOf(WHY_NOT.get(u.get("use_case").asText()));
            }

            oneRuleOneInput(procs, url, id, recs);

            // bench, one machine, the same models but scarce: 6 repetitions x 2 prompts = 12 requests per use case
            Path prompts = Files.writeString(dir.resolve("prompts.json"), PROMPTS);
            Path log = dir.resolve("bench.log");
            Process bench = procs.bench(log, List.of("--engine", "simulated", "--simulated-ttft-ms", "5",
                    "--simulated-models", MODELS, "--model", "fast-nocode", "--model", "good", "--model", "slow",
                    "--prompts", prompts.toString(), "--repeat", "6", "--warmup", "0", "--max-error-rate", "0.5",
                    "--min-decode-tps", "100"));
            assertThat(bench.waitFor(120, TimeUnit.SECONDS)).as("bench finished").isTrue();
            String table = Files.readString(log);
            assertThat(bench.exitValue()).as(table).isZero();
            assertThat(table).contains("\nchat: Recommended: fast-nocode (")
                    .contains("ranked by speed: measured quality does not separate them")
                    .contains("\n  good: ranked lower — meets the service levels, but fast-nocode ranks higher by speed")
                    .contains("\ncode: Recommended: good (")
                    .contains("\n  fast-nocode: failed quality check — quality 0.00 < 0.50 in this use case (n=12, 0"
                            + " passed, 95 % CI 0.00–0.00)")
                    .contains("\n  slow: too slow — decode p50 ")
                    .doesNotContain("best");
        }
    }

    /**
     * One rule, one input: the campaign's own stored samples through bench's rule and table, the demo's table (from
     * the API documents), models.json and the HTML report all say what /api/recommendations says.
     */
    private static void oneRuleOneInput(Processes procs, String url, String id, JsonNode recs) throws Exception {
        List<Sample> samples = List.of(Json.mapper().convertValue(
                procs.get(url, "/api/campaigns/" + id + "/samples?limit=10000"), Sample[].class));
        List<ModelPhases> phases = new ArrayList<>();
        Map<String, ModelVariant> variants = new HashMap<>();
        Map<String, Long> params = Map.of("fast-nocode", 0L, "good", 0L, "slow", 1_000_000L, "scarce", 1_000_000L);
        params.forEach((m, n) -> {
            phases.add(new ModelPhases(m, null, null, null, null, null, null, null, null, null, null, List.of()));
            variants.put(m, new ModelVariant(m, m, DeviceType.CPU, "simulated", n, n, "none"));
        });
        Map<String, String> useCaseOf = Map.of("hello", "chat", "world", "chat", "sort", "code", "add", "code");
        BenchReport report = new BenchReport(Fixtures.intelDesktop(), "simulated 1", phases, samples);
        BenchRun.Result bench = BenchRun.recommend(report, variants, useCaseOf, new ServiceLevels(2000, 100, 0.5, 0.8),
                new EvidenceRules(10, 5, 5, 0.5));
        String benchTable = BenchTable.render(report, bench, useCaseOf);
        String demoTable = ResultsTable.render(
                procs.get(url, "/api/aggregates?campaign=" + id + "&by=hardware_class,use_case,model"), recs);
        JsonNode models = procs.get(url, "/api/export/models.json?campaign=" + id);
        String html = procs.text(url, "/api/campaigns/" + id + "/report.html");
        for (JsonNode u : recs.get("classes").get(0).get("use_cases")) {
            String useCase = u.get("use_case").asText();
            Recommendation b = bench.byUseCase().get(useCase);
            assertThat(b.recommended()).as(useCase).isEqualTo(u.get("recommended").asText());
            assertThat(b.basis().name().toLowerCase(Locale.ROOT)).isEqualTo(u.get("basis").asText());
            Map<String, String> api = new TreeMap<>();
            u.get("alternatives").forEach(a -> api.put(a.get("model").asText(), a.get("reason").asText() + " — "
                    + a.get("detail").asText()));
            Map<String, String> fromBench = new TreeMap<>();
            b.rejected().forEach(r -> fromBench.put(r.model(), r.reason().name().toLowerCase(Locale.ROOT) + " — "
                    + r.detail()));
            assertThat(fromBench).as("bench's rule on the same samples, " + useCase).isEqualTo(api);
            assertThat(benchTable).contains("\n" + useCase + ": Recommended: " + b.recommended() + " (");
            assertThat(demoTable).contains(" · " + useCase + ": Recommended: " + b.recommended() + " (");
            assertThat(models.get("hardware_classes").get(0).get("recommended").get(useCase).get("model").asText())
                    .isEqualTo(b.recommended());
            assertThat(html).contains("<b>" + useCase + "</b>: <span class=\"good\">" + b.recommended() + "</span>");
            for (Recommendation.Rejection r : b.rejected()) {
                String words = r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                assertThat(benchTable).contains("  " + r.model() + ": " + words + " — ");
                assertThat(demoTable).contains("  " + r.model() + ": " + words + " — ");
                assertThat(html).contains("<li>" + r.model() + ": " + words + " — ");
            }
        }
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
