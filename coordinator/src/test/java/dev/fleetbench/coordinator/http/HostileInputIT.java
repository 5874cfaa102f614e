package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import dev.fleetbench.coordinator.store.DuckDbStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, measured: hundreds of generated malformed or hostile requests (specs, query parameters, ratings,
 * headers, oversized bodies, YAML and JSON bombs, path traversal in ids). None may get a 5xx or hang; every 4xx must
 * name the problem; the coordinator must still serve afterwards.
 */
class HostileInputIT {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static DuckDbStore store;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String VALID = """
            {"name": "valid", "models": ["stories260K"], "repetitions": 2, "warmups": 0,
             "prompts": [{"id": "a", "text": "A", "max_tokens": 8}]}""";

    /** One request and what came back. */
    record Case(String what, String method, String path, String contentType, String body, Map<String, String> headers) {

        Case(String what, String method, String path, String contentType, String body) {
            this(what, method, path, contentType, body, Map.of());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, null, CoordinatorSettings.DEFAULTS)
                .withAutoApprove(true);
        CoordinatorVerticle v = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
        vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + v.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }

    static List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        JsonNode valid = Json.mapper().readTree(VALID);
        List<Object> hostileValues = List.of("", " ", 0, -1, 1e308, "9".repeat(40), true, List.of(), Map.of(), "x".repeat(10_000),
                "../../etc/passwd", "<script>alert(1)</script>", "\u0000\uFFFF", List.of(List.of(List.of())));
        for (String field : List.of("name", "models", "prompts", "repetitions", "warmups", "machines", "schedule",
                "slo", "time_budget", "request_timeout_s", "max_tokens", "lab_gating", "max_repetition_factor",
                "regression_threshold_pct")) {
            Map<String, Object> without = Json.mapper().convertValue(valid, Map.class);
            without.remove(field);
            cases.add(new Case("spec without " + field, "POST", "/api/campaigns", "application/json", Json.write(without)));
            for (Object bad : hostileValues) {
                Map<String, Object> m = new LinkedHashMap<>(Json.mapper().convertValue(valid, Map.class));
                m.put(field, bad);
                cases.add(new Case("spec " + field + "=" + abbreviate(String.valueOf(bad)), "POST", "/api/campaigns",
                        "application/json", Json.write(m)));
            }
        }
        for (String prompt : List.of("{}", "{\"text\": 5}", "{\"text\": \"t\", \"max_tokens\": 1e9}",
                "{\"text\": \"t\", \"expect\": {\"regex\": \"(a+)+$\"}}", "{\"text\": \"t\", \"expect\": {\"regex\": \"[\"}}",
                "{\"id\": \"../../x\", \"text\": \"t\"}", "{\"text\": \"t\", \"category\": {\"$ne\": 1}}", "[]", "null")) {
            cases.add(new Case("prompt " + prompt, "POST", "/api/campaigns", "application/json",
                    "{\"name\":\"x\",\"models\":[\"a\"],\"prompts\":[" + prompt + "]}"));
        }
        cases.add(new Case("json bomb (deep)", "POST", "/api/campaigns", "application/json", "[".repeat(50_000) + "]".repeat(50_000)));
        cases.add(new Case("json bomb (wide keys)", "POST", "/api/campaigns", "application/json", wideJson()));
        cases.add(new Case("yaml bomb (laughs)", "POST", "/api/campaigns", "application/yaml", yamlLaughs()));
        cases.add(new Case("yaml bomb (deep)", "POST", "/api/campaigns", "application/yaml", "a:\n" + nestedYaml(2000)));
        cases.add(new Case("yaml tags", "POST", "/api/campaigns", "application/yaml", "name: !!java.io.File /etc\nmodels: [a]\n"));
        cases.add(new Case("body 10 MB", "POST", "/api/campaigns", "application/json", "{\"name\":\"" + "x".repeat(10_000_000) + "\"}"));
        cases.add(new Case("body just over 1 MiB", "POST", "/api/campaigns", "application/yaml", "#" + "x".repeat(1024 * 1024)));
        cases.add(new Case("empty body", "POST", "/api/campaigns", "application/json", ""));
        cases.add(new Case("binary body", "POST", "/api/campaigns", "application/octet-stream", "\u0000\u0001\u0002\u00ff"));
        cases.add(new Case("multipart", "POST", "/api/campaigns", "multipart/form-data; boundary=x", "--x--"));
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "c-nope", "x".repeat(300), "a%00b", "%ff%fe",
                "'%20OR%201=1", "*", "c%20-1")) {
            for (String suffix : List.of("", "/samples", "/cells", "/export.csv", "/aggregates.csv", "/report.html")) {
                cases.add(new Case("campaign id " + id + suffix, "GET", "/api/campaigns/" + id + suffix, null, null));
            }
            cases.add(new Case("cancel " + id, "POST", "/api/campaigns/" + id + "/cancel", "application/json", "{}"));
        }
        for (String q : List.of("limit=-1", "limit=99999999999", "limit=abc", "offset=-5", "offset=1e3", "limit=", "limit=1&limit=x")) {
            cases.add(new Case("samples " + q, "GET", "/api/campaigns/c-nope/samples?" + q, null, null));
        }
        for (String q : List.of("campaign=..%2F..", "campaign=c-nope", "by=nonsense", "by=", "by=model,,model",
                "campaign=%3Cscript%3E", "by=" + "model,".repeat(500))) {
            for (String path : List.of("/api/aggregates", "/api/recommendations", "/api/fits", "/api/requirements",
                    "/api/answers", "/api/export/models.json")) {
                cases.add(new Case(path + " " + abbreviate(q), "GET", path + "?" + q, null, null));
            }
        }
        for (String q : List.of("", "a=worker:x", "a=foo&b=bar", "a=worker:&b=class:", "a=campaign:..%2F&b=campaign:x",
                "a=class:" + "k".repeat(5000) + "&b=class:x")) {
            cases.add(new Case("compare " + abbreviate(q), "GET", "/api/compare?" + q, null, null));
        }
        for (String rating : List.of("", "{", "[]", "{\"pair_id\": 5}", "{\"pair_id\": \"nope\"}",
                "{\"pair_id\":\"p\",\"a\":{\"accuracy\":0,\"clarity\":1,\"completeness\":1},\"b\":{\"accuracy\":1,\"clarity\":1,\"completeness\":1}}",
                "{\"pair_id\":\"p\",\"a\":{\"accuracy\":6,\"clarity\":1,\"completeness\":1},\"b\":{}}",
                "{\"pair_id\":\"p\",\"a\":{\"accuracy\":1.5,\"clarity\":1,\"completeness\":1},\"b\":{}}",
                "{\"pair_id\":\"p\",\"a\":\"five\",\"b\":null}")) {
            cases.add(new Case("rating " + abbreviate(rating), "POST", "/api/ratings", "application/json", rating));
        }
        for (String path : List.of("/api/nothing", "/api/campaigns/c/x/y/z", "/api/../../etc/passwd", "/../../etc/passwd",
                "/%2e%2e/%2e%2e/etc/passwd", "/webjars/../../../../etc/passwd", "/api/health/../../x")) {
            cases.add(new Case("path " + path, "GET", path, null, null));
        }
        for (String bundle : List.of("", "{", "[]", "null", "{\"format\": \"fleetbench-campaign-bundle/1\"}",
                "{\"format\": \"fleetbench-campaign-bundle/1\", \"site\": \"../x\", \"campaign\": {}}",
                "{\"format\": \"fleetbench-campaign-bundle/1\", \"site\": \"s\", \"campaign\": {\"id\": \"../../etc\"}}",
                "{\"format\": \"fleetbench-campaign-bundle/1\", \"site\": \"s\", \"cells\": [null], \"campaign\":"
                        + " {\"id\": \"c-1\", \"spec_text\": \"!!java.io.File x\", \"created_at\": \"2026-01-01T00:00:00Z\","
                        + " \"state\": \"done\"}}",
                "[".repeat(50_000) + "]".repeat(50_000), wideJson())) {
            cases.add(new Case("import bundle " + abbreviate(bundle), "POST", "/api/import/campaigns", "application/json", bundle));
        }
        for (String page : List.of("", "{}", "{\"samples\": 5}", "{\"samples\": [null]}", "{\"samples\": [{\"id\": 1}]}")) {
            for (String id : List.of("c-nope", "..%2F..%2Fetc")) {
                cases.add(new Case("import samples " + id + " " + page, "POST", "/api/import/campaigns/" + id + "/samples",
                        "application/json", page));
            }
        }
        cases.add(new Case("bundle of c-nope", "GET", "/api/campaigns/c-nope/bundle", null, null));
        // Cross-site requests and bodies a browser may send to another site without asking first.
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1.evil.example", "file://",
                "http://localhost:1")) {
            cases.add(new Case("cross-origin " + origin, "POST", "/api/campaigns", "application/json", VALID,
                    Map.of("origin", origin)));
            cases.add(new Case("cross-origin import " + origin, "POST", "/api/import/campaigns", "application/json", "{}",
                    Map.of("origin", origin)));
        }
        cases.add(new Case("sec-fetch-site cross-site", "POST", "/api/campaigns", "application/json", VALID,
                Map.of("sec-fetch-site", "cross-site")));
        for (String type : List.of("text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                "text/html", "application/xml", "application/jsonx", "yaml")) {
            cases.add(new Case("post as " + type, "POST", "/api/campaigns", type, VALID));
            cases.add(new Case("rating as " + type, "POST", "/api/ratings", type, "{}"));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            cases.add(new Case(method + " campaigns", method, "/api/campaigns", "application/json", VALID));
        }
        return cases;
    }

    @Test
    void noHostileRequestGetsA5xxOrHangsAndEvery4xxNamesTheProblem() throws Exception {
        List<Case> cases = cases();
        assertThat(cases.size()).isGreaterThanOrEqualTo(200);
        List<String> problems = new ArrayList<>();
        int fourxx = 0;
        for (Case c : cases) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(20));
            if (c.contentType() != null) {
                b.header("content-type", c.contentType());
            }
            c.headers().forEach(b::header);
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            HttpResponse<String> r;
            try {
                r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // the server may close a connection whose body is over the limit before reading it all: that is a refusal
                if (c.body() != null && c.body().length() > 1024 * 1024) {
                    continue;
                }
                problems.add(c.what() + ": " + e);
                continue;
            }
            if (r.statusCode() < 400 && c.what().matches("(cross-origin|sec-fetch-site|post as|rating as) .*")) {
                problems.add(c.what() + ": taken (" + r.statusCode() + "), must be refused");
            }
            if (r.statusCode() >= 500) {
                problems.add(c.what() + ": " + r.statusCode() + " " + abbreviate(r.body()));
            } else if (r.statusCode() >= 400) {
                fourxx++;
                JsonNode body;
                try {
                    body = r.body().isBlank() ? null : Json.mapper().readTree(r.body());
                } catch (java.io.IOException e) {
                    body = null;
                }
                if (body == null || !body.hasNonNull("error") || body.get("error").asText().isBlank()) {
                    problems.add(c.what() + ": " + r.statusCode() + " without a reason: " + abbreviate(r.body()));
                }
            }
        }
        assertThat(problems).as("requests answered badly").isEmpty();
        assertThat(fourxx).as("most hostile requests are refused").isGreaterThan(cases.size() / 2);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        System.out.printf("hostile input: %d requests, %d refused with a reason, 0 server errors%n", cases.size(), fourxx);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String wideJson() {
        StringBuilder b = new StringBuilder("{\"name\":\"w\",\"models\":[\"a\"]");
        for (int i = 0; i < 50_000; i++) {
            b.append(",\"k").append(i).append("\":").append(i);
        }
        return b.append('}').toString();
    }

    private static String yamlLaughs() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        return b.append("name: *z\nmodels: *z\n").toString();
    }

    private static String nestedYaml(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(" ".repeat(i + 1)).append("a:\n");
        }
        return b.toString();
    }
}
