package dev.fleetbench.worker.engine.foundry;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the Foundry Local engine. Immutable.
 *
 * @param cliOverride      the {@code foundry} executable to run instead of searching {@code PATH}
 *                         ({@code FLEETBENCH_FOUNDRY_CLI}); null to search
 * @param searchPath       the {@code PATH} to search for {@code foundry}; null for none
 * @param explicitEndpoint a service URL that wins over discovery ({@code --endpoint} or {@code FOUNDRY_LOCAL_ENDPOINT},
 *                         e.g. a pinned port); null to discover
 * @param startTimeout     how long to wait for a stopped service to start (the SDKs give up after 1 s; a first start
 *                         that downloads execution providers takes far longer)
 * @param pollInterval     how often the status is read while waiting
 * @param loadTtlSeconds   TTL sent with a G1 load (the service unloads a model idle this long)
 * @param callTimeout      limit of the short management calls (list, status, unload)
 * @param loadTimeout      limit of a load (a first load can take minutes)
 * @param downloadTimeout  limit of a download
 * @param windows          apply the Windows-only resolution rule (generic GPU → CPU)
 */
public record FoundryConfig(String cliOverride, String searchPath, String explicitEndpoint, Duration startTimeout,
                            Duration pollInterval, int loadTtlSeconds, Duration callTimeout, Duration loadTimeout,
                            Duration downloadTimeout, boolean windows) {

    /** Environment variable naming the {@code foundry} executable explicitly. */
    public static final String CLI_ENV = "FLEETBENCH_FOUNDRY_CLI";
    /** Environment variable with a service URL that wins over discovery. */
    public static final String ENDPOINT_ENV = "FOUNDRY_LOCAL_ENDPOINT";

    public FoundryConfig {
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(loadTimeout, "loadTimeout");
        Objects.requireNonNull(downloadTimeout, "downloadTimeout");
        cliOverride = blankToNull(cliOverride);
        explicitEndpoint = blankToNull(explicitEndpoint);
        if (loadTtlSeconds < 0) {
            throw new IllegalArgumentException("loadTtlSeconds must not be negative, was " + loadTtlSeconds);
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /**
     * Defaults (start 30 s polled every 250 ms, TTL 600 s, calls 30 s, load 10 min, download 2 h) with the
     * executable, {@code PATH} and endpoint from the environment. {@code endpointOption} ({@code --endpoint}) wins
     * over {@code FOUNDRY_LOCAL_ENDPOINT}. Each variable can also be given as the system property
     * {@code fleetbench.env.NAME}, which wins: tests cannot change the environment of their own JVM.
     */
    public static FoundryConfig fromEnvironment(String endpointOption) {
        String endpoint = blankToNull(endpointOption) != null ? endpointOption : env(ENDPOINT_ENV);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return new FoundryConfig(env(CLI_ENV), env("PATH"), endpoint, Duration.ofSeconds(30), Duration.ofMillis(250),
                600, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(2), os.startsWith("windows"));
    }

    /** An environment variable, or the system property {@code fleetbench.env.NAME} when set. */
    static String env(String name) {
        String p = System.getProperty("fleetbench.env." + name);
        return p != null ? p : System.getenv(name);
    }

    public FoundryConfig withStartTimeout(Duration timeout, Duration poll) {
        return new FoundryConfig(cliOverride, searchPath, explicitEndpoint, timeout, poll, loadTtlSeconds, callTimeout,
                loadTimeout, downloadTimeout, windows);
    }

    public FoundryConfig withWindows(boolean isWindows) {
        return new FoundryConfig(cliOverride, searchPath, explicitEndpoint, startTimeout, pollInterval, loadTtlSeconds,
                callTimeout, loadTimeout, downloadTimeout, isWindows);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
