package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document names exactly the routes the router serves. */
class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsServed() throws Exception {
        JsonNode doc = Json.yamlMapper().readTree(HttpApi.OPENAPI);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(documented::add);
        Vertx vertx = Vertx.vertx();
        try {
            HttpApi api = new HttpApi(vertx, null, null, null, null, () -> 0, "test", null, null, Clock.systemUTC(), () -> "");
            Set<String> served = new TreeSet<>();
            for (Route r : api.router().getRoutes()) {
                String path = r.getPath();
                if (path != null && (path.startsWith("/api/") && !path.endsWith("/") || path.equals("/metrics"))) {
                    served.add(path.replaceAll(":(\\w+)", "{$1}"));
                }
            }
            assertThat(documented).isEqualTo(served);
        } finally {
            vertx.close();
        }
    }
}
