package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Finds the running service (spec §2.4): an explicit endpoint wins; else {@code foundry service status} (or
 * {@code server status} on CLI 0.10+) and the first {@code http://host:port} in its output; a stopped service is
 * started and its status polled every {@link FoundryConfig#pollInterval()} for up to
 * {@link FoundryConfig#startTimeout()} (the SDKs give up after 1 s); then the generation is probed:
 * {@code GET /openai/status} 200 → G1, {@code GET /status} 200 → G3, {@code GET /v1/models} 200 → G2.
 * Called again whenever a call is refused, since the port changes at every start.
 */
final class Discovery {

    /** Where the service is and what it is. */
    record Endpoint(String baseUrl, Generation generation, OptionalLong pid, String cacheDir) {
    }

    /** Waits between polls; tests may pass a recording sleeper. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A restart whose status still names the old URL is trusted only after this long. */
    private static final Duration RESTART_SETTLE = Duration.ofSeconds(2);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);

    private final FoundryConfig config;
    private final FoundryCli cli;
    private final String cliProblem;
    private final FoundryHttp http;
    private final Sleeper sleeper;
    private final LongSupplier nanos;

    /**
     * @param cli        the CLI, or null when none was found
     * @param cliProblem why there is no CLI, for messages
     */
    Discovery(FoundryConfig config, FoundryCli cli, String cliProblem, FoundryHttp http, Sleeper sleeper,
              LongSupplier nanos) {
        this.config = config;
        this.cli = cli;
        this.cliProblem = cliProblem;
        this.http = http;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    /** Finds the service, starting it when it is stopped. */
    Endpoint discover() throws EngineException {
        if (config.explicitEndpoint() != null) {
            String base = stripPath(config.explicitEndpoint());
            try {
                return probe(base, OptionalLong.empty());
            } catch (ServiceUnreachable e) {
                throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "Foundry Local does not answer at the"
                        + " configured endpoint " + base + " (--endpoint or " + FoundryConfig.ENDPOINT_ENV + "): "
                        + e.getMessage(), e);
            }
        }
        ServiceStatus status = requireCli().status();
        switch (status.state()) {
            case RUNNING -> {
                try {
                    return probe(status.baseUrl(), status.pid());
                } catch (ServiceUnreachable e) {
                    return startAndWait("restart", status.baseUrl(), "the status names " + status.baseUrl()
                            + " but nothing answers there");
                }
            }
            case STOPPED -> {
                return startAndWait("start", null, "the service was stopped");
            }
            case BROKEN -> {
                return startAndWait("restart", status.baseUrl(), "the CLI could not reach its own service");
            }
            default -> throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "cannot read the state of Foundry"
                    + " Local from '" + cli.executable() + " service status' or 'server status': "
                    + CatalogJson.excerpt(status.text()));
        }
    }

    /** Restarts the service ({@code service restart} / {@code server restart}) and waits for it. */
    Endpoint restart(String oldUrl, String reason) throws EngineException {
        requireCli();
        if (cli.flavor() == null) {
            cli.status();
        }
        return startAndWait("restart", oldUrl, reason);
    }

    boolean canRestart() {
        return cli != null;
    }

    FoundryCli cli() {
        return cli;
    }

    private FoundryCli requireCli() throws EngineException {
        if (cli == null) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "Foundry Local is not installed or not on"
                    + " PATH (" + cliProblem + "); install it, or set " + FoundryConfig.CLI_ENV + " to the foundry"
                    + " executable, or " + FoundryConfig.ENDPOINT_ENV + " to a running service's URL");
        }
        return cli;
    }

    private Endpoint startAndWait(String verb, String oldUrl, String reason) throws EngineException {
        cli.spawn(verb);
        String command = "foundry " + (cli.flavor() == null ? FoundryCli.Flavor.LEGACY : cli.flavor()).group + " " + verb;
        long start = nanos.getAsLong();
        long deadline = start + config.startTimeout().toNanos();
        boolean seenDown = oldUrl == null;
        ServiceStatus last = null;
        String lastProblem = null;
        while (nanos.getAsLong() < deadline) {
            try {
                sleeper.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(FailureCode.CANCELLED, "interrupted while waiting for Foundry Local to start");
            }
            last = cli.status();
            if (last.state() != ServiceStatus.State.RUNNING) {
                seenDown = true;
                continue;
            }
            boolean fresh = seenDown || !last.baseUrl().equals(oldUrl)
                    || nanos.getAsLong() - start > RESTART_SETTLE.toNanos();
            if (!fresh) {
                continue;
            }
            try {
                return probe(last.baseUrl(), last.pid());
            } catch (ServiceUnreachable notYet) {
                lastProblem = notYet.getMessage();
            }
        }
        throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "Foundry Local did not come up within "
                + config.startTimeout().toSeconds() + " s after '" + command + "' (" + reason + "); last status: "
                + (last == null ? "none" : last.state() + " " + CatalogJson.excerpt(last.text()).replace('\n', ' '))
                + (lastProblem == null ? "" : "; " + lastProblem)
                + ". A first start can take minutes while execution providers download: start it with"
                + " 'foundry service start' (or 'foundry server start') and try again");
    }

    /** Which generation answers at {@code base}; ServiceUnreachable when nothing does. */
    Endpoint probe(String base, OptionalLong pid) throws EngineException {
        FoundryHttp.Reply legacy = http.get(base, "/openai/status", PROBE_LIMIT);
        if (legacy.ok()) {
            return new Endpoint(base, Generation.G1, pid, dir(legacy.body(), "modelDirPath"));
        }
        FoundryHttp.Reply status = http.get(base, "/status", PROBE_LIMIT);
        if (status.ok() && status.body().strip().startsWith("{")) {
            JsonNode root = CatalogJson.tree(status.body(), "/status");
            JsonNode p = CatalogJson.field(root, "pid");
            return new Endpoint(base, Generation.G3, p != null && p.canConvertToLong() ? OptionalLong.of(p.asLong()) : pid,
                    CatalogJson.text(root, "modelCachePath"));
        }
        FoundryHttp.Reply models = http.get(base, "/v1/models", PROBE_LIMIT);
        if (models.ok()) {
            return new Endpoint(base, Generation.G2, pid, null);
        }
        throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, base + " answers, but not as Foundry Local"
                + " (/openai/status " + legacy.status() + ", /status " + status.status() + ", /v1/models "
                + models.status() + ")");
    }

    private static String dir(String json, String key) {
        try {
            return CatalogJson.text(CatalogJson.tree(json, "/openai/status"), key);
        } catch (EngineException notJson) {
            return null;
        }
    }

    /** {@code http://127.0.0.1:5273/openai/status} or {@code …/v1} → {@code http://127.0.0.1:5273}. */
    static String stripPath(String url) {
        java.util.regex.Matcher m = CliOutput.URL.matcher(url);
        if (m.find() && m.start() == 0) {
            return m.group();
        }
        String s = url.strip();
        int scheme = s.indexOf("://");
        int slash = scheme < 0 ? -1 : s.indexOf('/', scheme + 3);
        return slash < 0 ? s : s.substring(0, slash);
    }
}
