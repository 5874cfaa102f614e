package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One runnable form of a model on one kind of device: Foundry Local's "variant" (e.g.
 * {@code Phi-4-mini-instruct-generic-cpu:4} of alias {@code phi-4-mini}), or one GGUF file for the embedded engine.
 *
 * @param id                the full variant id that engines load and that samples name (with ":version" where the
 *                          engine has versions); never null or blank
 * @param alias             the family name people use ("phi-4-mini", "stories260k"); equals the id when there is none
 * @param deviceType        where it runs
 * @param executionProvider the engine's execution provider, e.g. "CPUExecutionProvider", "QNNExecutionProvider",
 *                          "llama.cpp-cpu"; null if the engine does not say
 * @param fileSizeBytes     bytes on disk (download size); 0 if unknown
 * @param parameterCount    parameters; 0 if unknown
 * @param quantization      tensor type or quantisation, e.g. "F32", "Q4_K_M", "int4"; null if unknown
 * @param kvBytesPerToken   bytes of key/value cache one token of context takes as the engine stores it (llama.cpp's
 *                          default: 16-bit keys and values, 2 × layers × key/value width × 2 bytes); null if unknown
 *                          (then absent from the JSON)
 */
public record ModelVariant(
        String id,
        String alias,
        DeviceType deviceType,
        String executionProvider,
        long fileSizeBytes,
        long parameterCount,
        String quantization,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long kvBytesPerToken) {

    public ModelVariant {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model variant id is missing");
        }
        alias = alias == null || alias.isBlank() ? id : alias;
        Objects.requireNonNull(deviceType, "deviceType");
        if (kvBytesPerToken != null && kvBytesPerToken <= 0) {
            throw new IllegalArgumentException("model variant '" + id + "': kv_bytes_per_token must be positive, got "
                    + kvBytesPerToken);
        }
    }

    /** A variant whose key/value cache size is not known. */
    public ModelVariant(String id, String alias, DeviceType deviceType, String executionProvider, long fileSizeBytes,
                        long parameterCount, String quantization) {
        this(id, alias, deviceType, executionProvider, fileSizeBytes, parameterCount, quantization, null);
    }
}
