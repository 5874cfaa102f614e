package dev.fleetbench.worker.engine;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The engine SPI: one local inference runtime (embedded llama.cpp, an OpenAI-compatible server, Foundry Local).
 * Every method blocks and must be called off the event loop; an implementation serves one caller at a time (the
 * agent runs one request at a time, which is also what Foundry Local supports). Failures are
 * {@link EngineException}s with a {@link FailureCode}, never unchecked exceptions for expected conditions.
 */
public interface InferenceEngine extends AutoCloseable {

    EngineInfo info();

    /** Every variant this engine can run on this machine, best first where the engine has an order. */
    List<ModelVariant> catalog() throws EngineException;

    /** Variants present locally (no download needed). */
    List<CachedModel> cached() throws EngineException;

    /** Ids of the variants loaded right now. */
    List<String> loaded() throws EngineException;

    /** Makes the variant available locally; returns at once when it already is. */
    DownloadResult download(ModelVariant variant, DownloadListener listener) throws EngineException;

    void load(ModelVariant variant) throws EngineException;

    /** Unloads the variant; unloading a variant that is not loaded is not an error. */
    void unload(ModelVariant variant) throws EngineException;

    /**
     * Runs one streamed chat request, reporting every chunk to the listener as it arrives.
     *
     * @throws EngineException with TIMEOUT, HTTP_ERROR, STREAM_MALFORMED, CONNECTION_RESET, CANCELLED, … after the
     *                         listener may already have seen some chunks
     */
    ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException;

    /**
     * Removes a downloaded variant from the engine's local cache, so that a campaign can clean up what it downloaded
     * (lab PCs must not fill up). Removing a variant that is not cached is not an error.
     *
     * @throws EngineException INVALID_INPUT for engines without a removable cache (the default), ENGINE_ERROR when
     *                         the engine could not remove it
     */
    default void remove(ModelVariant variant) throws EngineException {
        throw new EngineException(FailureCode.INVALID_INPUT, "the " + info().kind()
                + " engine has no model cache to remove " + variant.id() + " from");
    }

    /**
     * Notable things the engine did on its own since the last call, oldest first, and forgets them: "service moved
     * to a new port", "restarted the service after it stopped answering", "resolved alias … to …". The measurement
     * records them in {@link dev.fleetbench.common.model.ModelPhases#events()}. Engines that never act on their own
     * return an empty list (the default).
     */
    default List<String> drainEvents() {
        return List.of();
    }

    /** The process that does the inference, for resource sampling; empty when unknown. */
    OptionalLong engineProcessId();

    /**
     * Provenance beyond {@link EngineInfo} that belongs in every sample's fingerprint of {@code variant} (versions of
     * the runtime, of the execution provider, of the variant), as name → value; empty by default. Never throws:
     * what the engine cannot tell is left out.
     */
    default Map<String, String> fingerprintSettings(ModelVariant variant) {
        return Map.of();
    }

    /**
     * How this engine knows which device and execution provider ran a loaded variant, for {@code DeviceTruth}: by
     * default the variant's own catalog entry, since the engine does not report where it ran.
     */
    default String deviceSource() {
        return "the variant's catalog entry (the engine does not report where it ran)";
    }

    /**
     * Resolves what a person typed (a variant id or an alias) to one variant: an exact id (case-insensitive), else
     * the first variant of that alias in catalog order, on the requested device when one is given.
     * Engines with richer rules (Foundry Local) override this.
     *
     * @param device wanted device, or null for the engine's choice
     * @throws EngineException MODEL_NOT_FOUND naming the input and what the catalog does have
     */
    default ModelVariant resolve(String aliasOrId, DeviceType device) throws EngineException {
        List<ModelVariant> catalog = catalog();
        String wanted = aliasOrId.toLowerCase(Locale.ROOT);
        for (ModelVariant v : catalog) {
            if (v.id().toLowerCase(Locale.ROOT).equals(wanted) && (device == null || v.deviceType() == device)) {
                return v;
            }
        }
        for (ModelVariant v : catalog) {
            if (v.alias().toLowerCase(Locale.ROOT).equals(wanted) && (device == null || v.deviceType() == device)) {
                return v;
            }
        }
        String known = catalog.stream().map(ModelVariant::alias).distinct().limit(12)
                .reduce((a, b) -> a + ", " + b).orElse("none");
        throw new EngineException(FailureCode.MODEL_NOT_FOUND, "model '" + aliasOrId + "'"
                + (device == null ? "" : " for device " + device) + " is not in the " + info().kind()
                + " catalog; available: " + known);
    }

    /**
     * The tokenizer of a loaded variant, for prompts built to an exact token count; null where the engine does not
     * expose one (a server without a tokenize route) or the variant is not loaded. Never throws.
     */
    default PromptTokens promptTokens(String variantId) {
        return null;
    }

    /** Releases the engine's resources (loaded models, connections). Never throws. */
    @Override
    void close();
}
