package dev.fleetbench.coordinator.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.app.HttpPolicy;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.SmallVolume;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's store volume fills up: {@code /api/health} says the store is failing and why, a campaign submitted
 * then is refused (nothing half-stored), and once space is back the same coordinator, not restarted, stores again and
 * says so.
 */
@Timeout(180)
class FullDiskHealthTest {

    /** A spec with {@code prompts} prompts of {@code chars} characters each. */
    private static String spec(int n, int prompts, int chars) {
        StringBuilder b = new StringBuilder("{\"name\":\"full disk " + n + "\",\"models\":[\"stories260K\"],\"prompts\":[");
        for (int i = 0; i < prompts; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\",\"text\":\"")
                    .append(String.valueOf((char) ('a' + i % 26)).repeat(chars)).append("\"}");
        }
        return b.append("]}").toString();
    }

    @TempDir
    Path dir;

    @Test
    void healthSaysTheStoreIsFailingAndWhyAndThatItRecovered() throws Exception {
        StringBuilder why = new StringBuilder();
        SmallVolume volume = SmallVolume.mount(dir.resolve("volume"), 8, why);
        assumeTrue(volume != null, why::toString);
        Vertx vertx = Vertx.vertx();
        try (volume; DuckDbStore store = DuckDbStore.open(volume.dir().resolve("fleetbench.duckdb"))) {
            CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                    ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, null,
                    CoordinatorSettings.DEFAULTS, null, HttpPolicy.DEFAULT);
            CoordinatorVerticle v = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
            vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + v.httpPort();

            assertThat(health(http, base).get("store").get("status").asText()).isEqualTo("ok");
            volume.fill(64 * 1024);
            // A campaign of 40 prompts of 15,000 characters: its stored spec (600 KB) cannot fit in what is left.
            HttpResponse<String> refused = submit(http, base, spec(1, 40, 15_000));
            assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
            JsonNode failing = health(http, base);
            assertThat(failing.get("status").asText()).isEqualTo("degraded");
            assertThat(failing.get("store").get("status").asText()).isEqualTo("failing");
            assertThat(failing.get("store").get("reason").asText()).contains("No space left on device");
            assertThat(get(http, base + "/api/campaigns").body()).as("nothing of it was stored").isEqualTo("[]");

            volume.free();
            HttpResponse<String> accepted = submit(http, base, spec(2, 1, 20));
            assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 299);
            assertThat(health(http, base).get("store").get("status").asText()).as("recovered, without a restart")
                    .isEqualTo("ok");
            assertThat(Json.read(get(http, base + "/api/campaigns").body(), JsonNode.class)).hasSize(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> submit(HttpClient http, String base, String spec) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode health(HttpClient http, String base) throws Exception {
        return Json.read(get(http, base + "/api/health").body(), JsonNode.class);
    }
}
