package dev.fleetbench.common.model;

/**
 * Why something failed, as data. A failed request is a {@link Sample} with one of these codes, a failed cell or
 * lease carries one too. Codes are stable wire values: add, never rename.
 *
 * <p>It lives in {@code model} rather than {@code protocol} because samples, cells and leases (all domain records)
 * carry it; the protocol reuses it.
 */
public enum FailureCode {
    /** The engine could not be reached or started (service down, connection refused, native library missing). */
    ENGINE_UNAVAILABLE("the inference engine could not be reached"),
    /** The model id or alias is not in the engine's catalog, or its file is missing. */
    MODEL_NOT_FOUND("the model is not in the engine's catalog"),
    /** The model file is unreadable or not a valid model (e.g. a corrupt GGUF). */
    MODEL_INVALID("the model file is unreadable or corrupt"),
    /** The engine failed to load the model. */
    LOAD_FAILED("the engine failed to load the model"),
    /** The model download failed. */
    DOWNLOAD_FAILED("the model download failed"),
    /**
     * The model does not fit the machine (memory, device), or a prompt of a context-length sweep is longer than the
     * model's context window (such a sample is stored and exported, but is no request of the aggregates).
     */
    DOES_NOT_FIT("the model does not fit this machine"),
    /** No answer in time: connect, first token, between chunks, or in total. */
    TIMEOUT("the engine did not answer in time"),
    /** The stream could not be parsed (malformed server-sent events or JSON). */
    STREAM_MALFORMED("the engine sent a malformed stream"),
    /** The engine answered with an HTTP error status. */
    HTTP_ERROR("the engine answered with an HTTP error"),
    /** The connection broke in the middle of a request. */
    CONNECTION_RESET("the connection to the engine broke"),
    /** The prompt plus the answer exceed the model's context. */
    CONTEXT_OVERFLOW("the request exceeds the model's context length"),
    /** The engine finished without generating any text. */
    EMPTY_RESPONSE("the engine returned no text"),
    /** The engine reported an error of its own inside an otherwise valid response. */
    ENGINE_ERROR("the engine reported an error"),
    /** The work was cancelled (campaign cancelled, agent stopping). */
    CANCELLED("the work was cancelled"),
    /** The input (prompt, model id, option) was rejected before it reached the engine. */
    INVALID_INPUT("the input was rejected"),
    /** Peer speaks another protocol version. */
    PROTOCOL_MISMATCH("the peer speaks another protocol version"),
    /** The peer could not prove that it belongs to the cluster (cluster secret missing or wrong). */
    UNAUTHORIZED("the peer could not prove it belongs to the cluster"),
    /** A defect in FleetBench itself; the message says what. */
    INTERNAL("an internal error"),
    /** A worker reported on a lease, cell or repetition it was not given (or on a lease never issued). */
    NOT_LEASE_HOLDER("the sender does not hold the lease it reports on"),
    /** Two live agents use one worker identity (a copied data directory). */
    DUPLICATE_IDENTITY("another live agent uses the same worker identity"),
    /**
     * The engine loaded another variant than the one asked for (Foundry Local 2.x loads an alias's first cached
     * variant); the message names the variant that did load. Nothing is measured under the wanted name.
     */
    WRONG_VARIANT("the engine loaded another variant than the one asked for"),
    /** An admin refused this machine a place in the fleet (enrollment); the message gives the admin's reason. */
    REJECTED("an admin refused this machine a place in the fleet");

    private final String description;

    FailureCode(String description) {
        this.description = description;
    }

    /** A short human sentence fragment, e.g. for tables. */
    public String description() {
        return description;
    }
}
