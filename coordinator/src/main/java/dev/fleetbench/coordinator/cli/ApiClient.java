package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking client of one coordinator's REST API for the command line; HTTP errors become one-line messages. */
final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;
    private final String token;

    /** @param token bearer token, or null */
    ApiClient(String url, String token) {
        this.url = url.replaceAll("/+$", "");
        this.token = token == null || token.isBlank() ? null : token;
    }

    String url() {
        return url;
    }

    /** Calls the API; a 4xx or 5xx answer throws with the coordinator's message (and field). */
    JsonNode call(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        return parse(send(method, path, contentType, body));
    }

    /** A GET whose 404 is an answer (null), not an error. */
    JsonNode find(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, null, null);
        return r.statusCode() == 404 ? null : parse(r);
    }

    private JsonNode parse(HttpResponse<String> r) throws IOException {
        JsonNode json = r.body().isBlank() ? null : Json.mapper().readTree(r.body());
        if (r.statusCode() >= 400) {
            String field = json != null && json.hasNonNull("field") ? " (field " + json.get("field").asText() + ")" : "";
            throw new IllegalArgumentException(url + ": HTTP " + r.statusCode() + ": "
                    + (json != null && json.has("error") ? json.get("error").asText() : r.body()) + field);
        }
        return json;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("no coordinator at " + url + " (start one with ./fleetbench coordinator)");
        }
    }
}
