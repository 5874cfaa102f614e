package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.worker.engine.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Configuration of one {@link OpenAiEngine}. Immutable; validated here.
 *
 * @param endpoint        the server's base URL, normalised: scheme http or https, a host, no query, no trailing
 *                        {@code /} and no trailing {@code /v1} ({@code http://127.0.0.1:8080/v1/} becomes
 *                        {@code http://127.0.0.1:8080}); the engine connects nowhere else
 * @param apiKey          sent as {@code Authorization: Bearer …}; null for none (local servers)
 * @param defaultTimeouts limits for the engine's own short calls (model list, tokenizer, version probe); chat
 *                        requests carry their own {@link Timeouts}
 * @param deviceType      the device reported for every model of the catalog (a plain OpenAI server does not say);
 *                        CPU unless the operator knows better
 */
public record OpenAiEngineConfig(String endpoint, String apiKey, Timeouts defaultTimeouts, DeviceType deviceType) {

    /** Defaults for the engine's own calls: connect 5 s, answer 30 s. */
    public static final Timeouts DEFAULT_TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    public OpenAiEngineConfig {
        endpoint = normalise(endpoint);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        defaultTimeouts = defaultTimeouts == null ? DEFAULT_TIMEOUTS : defaultTimeouts;
        deviceType = deviceType == null ? DeviceType.CPU : deviceType;
    }

    /** The usual configuration: {@code --endpoint URL}, no key, default timeouts, CPU. */
    public static OpenAiEngineConfig of(String endpoint) {
        return new OpenAiEngineConfig(endpoint, null, null, null);
    }

    /** An absolute URI for a path of this server, e.g. {@code uri("/v1/models")}. */
    public URI uri(String path) {
        return URI.create(endpoint + (path.startsWith("/") ? path : "/" + path));
    }

    /**
     * Normalises an endpoint URL as the operator typed it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static String normalise(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL (" + e.getReason()
                    + "); expected a base URL such as http://127.0.0.1:8080", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint '" + endpoint
                    + "' must start with http:// or https:// (e.g. http://127.0.0.1:8080)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + endpoint
                    + "' must be a plain base URL without user info, query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v1")) {
            path = path.substring(0, path.length() - 3);
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "OpenAiEngineConfig[endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", defaultTimeouts=" + defaultTimeouts + ", deviceType=" + deviceType + "]";
    }
}
