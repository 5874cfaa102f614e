package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.openai.OpenAiEngine;
import dev.fleetbench.worker.engine.openai.OpenAiEngineConfig;

/**
 * The connection to the service and its self-healing (the seeds' troubleshooting, automated): every management
 * call runs through {@link #call}; when the service does not answer (connection refused or broken), the session
 * reads the status again (the port changes at every start), restarts the service at most once
 * ({@code service restart} / {@code server restart}) when it is stopped or broken, reloads the model that was
 * loaded, records what it did as events, and retries the call once. Chat requests use an {@link OpenAiEngine}
 * bound to the current URL, with Foundry's token-count route. Thread-safe.
 */
final class ServiceSession implements AutoCloseable {

    /** A call against the service. */
    interface Op<T> {
        T run(Management m) throws EngineException;
    }

    /** What to do after the service came back (reload the model that was loaded). */
    interface AfterHeal {
        void run(Management m) throws EngineException;
    }

    private final FoundryConfig config;
    private final FoundryHttp http;
    private final Discovery discovery;
    private final EventLog events;
    private Discovery.Endpoint endpoint;
    private OpenAiEngine chat;
    private String chatBase;
    private volatile AfterHeal afterHeal = m -> { };

    ServiceSession(FoundryConfig config, FoundryHttp http, Discovery discovery, EventLog events) {
        this.config = config;
        this.http = http;
        this.discovery = discovery;
        this.events = events;
    }

    void afterHeal(AfterHeal action) {
        this.afterHeal = action;
    }

    /** The current endpoint, discovered (and the service started) on first use. */
    synchronized Discovery.Endpoint endpoint() throws EngineException {
        if (endpoint == null) {
            endpoint = discovery.discover();
            events.add("Foundry Local " + endpoint.generation().words() + " found at " + endpoint.baseUrl()
                    + (discovery.cli() == null || discovery.cli().flavor() == null ? ""
                    : " (" + (discovery.cli().flavor() == FoundryCli.Flavor.LEGACY ? "legacy CLI" : "CLI 0.10+") + ")"));
        }
        return endpoint;
    }

    /** The endpoint if one was found already, without discovering. */
    synchronized Discovery.Endpoint known() {
        return endpoint;
    }

    Management management(Discovery.Endpoint ep) {
        return new Management(ep, http, discovery.cli(), config);
    }

    /** Runs a call; on an unreachable service heals once and retries once. */
    <T> T call(Op<T> op) throws EngineException {
        Discovery.Endpoint ep = endpoint();
        try {
            return op.run(management(ep));
        } catch (ServiceUnreachable first) {
            Discovery.Endpoint healed = heal(ep, first);
            try {
                return op.run(management(healed));
            } catch (ServiceUnreachable second) {
                throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "Foundry Local stopped answering again"
                        + " right after it was brought back at " + healed.baseUrl() + ": " + second.getMessage(), second);
            }
        }
    }

    /**
     * Brings the service back after {@code cause}: rediscovers (which starts a stopped service or restarts one that
     * the status shows broken or silent), reloads the loaded model, records it.
     *
     * @throws EngineException ENGINE_UNAVAILABLE naming the original failure when it cannot
     */
    synchronized Discovery.Endpoint heal(Discovery.Endpoint old, EngineException cause) throws EngineException {
        if (endpoint != null && old != null && !endpoint.baseUrl().equals(old.baseUrl())) {
            return endpoint; // another caller healed already
        }
        events.add("Foundry Local stopped answering at " + (old == null ? "?" : old.baseUrl()) + ": "
                + cause.getMessage());
        Discovery.Endpoint now;
        try {
            now = discovery.discover(); // restarts a service whose status is broken or silent, starts a stopped one
        } catch (EngineException e) {
            endpoint = null;
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "Foundry Local stopped answering ("
                    + cause.getMessage() + ") and could not be brought back with one restart: " + e.getMessage(), e);
        }
        endpoint = now;
        events.add(old != null && !now.baseUrl().equals(old.baseUrl())
                ? "Foundry Local is now at " + now.baseUrl() + " (its port changes at every start); retrying"
                : "Foundry Local answers again at " + now.baseUrl() + "; retrying");
        afterHeal.run(management(now));
        return now;
    }

    /** True when the service answers a status probe at that endpoint. */
    boolean answers(Discovery.Endpoint ep) {
        try {
            discovery.probe(ep.baseUrl(), ep.pid());
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    /** The chat engine for an endpoint (one per URL; the previous one is closed when the URL changes). */
    synchronized OpenAiEngine chatEngine(Discovery.Endpoint ep) {
        if (chat == null || !ep.baseUrl().equals(chatBase)) {
            if (chat != null) {
                chat.close();
            }
            // the count route is G1's; on G2/G3 its first 404 switches it off and usage is asked for instead
            chat = new OpenAiEngine(new OpenAiEngineConfig(ep.baseUrl(), null, null, null),
                    new FoundryTokenCounter(http, ep.baseUrl(), config.callTimeout()));
            chatBase = ep.baseUrl();
        }
        return chat;
    }

    @Override
    public synchronized void close() {
        if (chat != null) {
            chat.close();
            chat = null;
        }
    }
}
