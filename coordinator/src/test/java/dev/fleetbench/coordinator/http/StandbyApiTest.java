package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A standby's health names the active, or, fenced on its side of a split, says why it does not take over. */
class StandbyApiTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void theHealthNamesTheActiveOrSaysTheStandbyIsFencedAndEveryOtherCallIsRefused() throws Exception {
        AtomicReference<String> active = new AtomicReference<>("http://10.0.0.1:8470");
        AtomicReference<String> detail = new AtomicReference<>();
        HttpServer server = new StandbyApi(vertx, "1.2.3", active::get, detail::get).listen("127.0.0.1", 0)
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + server.actualPort();

        JsonNode h = Json.read(get(base + "/api/health").body(), JsonNode.class);
        assertThat(h.get("role").asText()).isEqualTo("standby");
        assertThat(h.get("active").asText()).isEqualTo("http://10.0.0.1:8470");
        assertThat(h.has("detail")).as("nothing to say while an active is in sight").isFalse();

        active.set(null);
        detail.set("the store's writer lock is held by another coordinator");
        JsonNode fenced = Json.read(get(base + "/api/health").body(), JsonNode.class);
        assertThat(fenced.get("role").asText()).isEqualTo("standby");
        assertThat(fenced.hasNonNull("active")).isFalse();
        assertThat(fenced.get("detail").asText()).isEqualTo("the store's writer lock is held by another coordinator");

        HttpResponse<String> refused = get(base + "/api/campaigns");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("standby").contains("no active coordinator is known");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
