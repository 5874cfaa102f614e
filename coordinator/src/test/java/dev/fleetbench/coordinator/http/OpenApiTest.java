package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document is valid OpenAPI 3 for a standard parser (swagger-parser), gives every answer of
 * every route a schema, and names exactly the routes the router serves.
 */
class OpenApiTest {

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(HttpApi.OPENAPI, null, options);
    }

    @Test
    void aStandardParserAcceptsTheDocumentWithoutAMessage() {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.0.3");
        assertThat(api.getComponents().getSchemas()).containsKeys("Error", "Worker", "Campaign", "Cell", "Sample",
                "Aggregates", "Recommendations", "Acceleration", "ModelsJson", "Bundle");
        // The words of a summary stay a summary: a flow mapping with an unquoted comma would have split it into keys.
        assertThat(api.getPaths().get("/api/workers").getGet().getSummary())
                .isEqualTo("every worker with hardware, class, engine, status, enrollment and hardware changes since approval");
    }

    @Test
    void everyAnswerOfEveryRouteHasASchema() {
        OpenAPI api = parse().getOpenAPI();
        List<String> missing = new ArrayList<>();
        int answers = 0;
        for (var path : api.getPaths().entrySet()) {
            for (Map.Entry<?, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                boolean success = false;
                for (Map.Entry<String, ApiResponse> r : op.getValue().getResponses().entrySet()) {
                    ApiResponse response = r.getValue();
                    if (response.get$ref() != null) {
                        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
                        response = api.getComponents().getResponses().get(name);
                        assertThat(response).as(r.getValue().get$ref()).isNotNull();
                    }
                    success |= r.getKey().startsWith("2");
                    if (response.getContent() == null || response.getContent().isEmpty()) {
                        missing.add(op.getKey() + " " + path.getKey() + " " + r.getKey() + ": no content");
                        continue;
                    }
                    for (Map.Entry<String, MediaType> m : response.getContent().entrySet()) {
                        answers++;
                        if (m.getValue().getSchema() == null) {
                            missing.add(op.getKey() + " " + path.getKey() + " " + r.getKey() + " " + m.getKey());
                        }
                    }
                }
                if (!success) {
                    missing.add(op.getKey() + " " + path.getKey() + ": no 2xx answer");
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(answers).isGreaterThan(api.getPaths().size());
    }

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
