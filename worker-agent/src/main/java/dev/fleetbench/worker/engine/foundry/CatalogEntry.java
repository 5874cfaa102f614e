package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import java.util.Locale;

/**
 * One variant of Foundry Local's catalog, from any source (G1 {@code /foundry/list}, G2 {@code model info -o json},
 * the CLI's {@code model list} table, or G3 {@code /v1/models}). Fields a source does not give are null / 0 / -1.
 *
 * @param id                full id with {@code :version} ({@code Phi-4-mini-instruct-generic-cpu:4})
 * @param alias             family name ({@code phi-4-mini}); never null (the id when unknown)
 * @param version           the version number, -1 when unknown
 * @param deviceType        {@code runtime.deviceType}
 * @param executionProvider {@code runtime.executionProvider}; null when unknown
 * @param fileSizeMb        {@code fileSizeMb}; 0 when unknown
 * @param uri               catalog URI (needed for a G1 download); null when unknown
 * @param publisher         publisher; null when unknown
 * @param providerType      {@code providerType} ("AzureFoundry"); null when unknown
 * @param promptTemplate    {@code promptTemplate} as sent by the service (may be a JSON null); null when absent
 * @param createdAt         unix seconds (G2); 0 when unknown
 * @param cached            true when the source says it is cached (CLI 0.10 table, G2 ModelInfo); null when it does not say
 */
record CatalogEntry(String id, String alias, int version, DeviceType deviceType, String executionProvider,
                    long fileSizeMb, String uri, String publisher, String providerType, JsonNode promptTemplate,
                    long createdAt, Boolean cached) {

    static final String CUDA_EP = "CUDAExecutionProvider";

    CatalogEntry {
        alias = alias == null || alias.isBlank() ? id : alias;
        version = version >= 0 ? version : ModelIds.version(id);
    }

    String idLower() {
        return id.toLowerCase(Locale.ROOT);
    }

    /** The SPI view: bytes from {@code fileSizeMb} (decimal megabytes, as the CLI prints GB = MB / 1000). */
    ModelVariant toVariant() {
        return new ModelVariant(id, alias, deviceType, executionProvider, fileSizeMb * 1_000_000L, 0, null);
    }

    /**
     * The device and execution provider implied by an id's variant suffix, for sources that give only ids
     * ({@code -qnn-npu:} → NPU/QNN, {@code -cuda-gpu:} → GPU/CUDA, {@code -generic-cpu:} → CPU/CPU, …).
     */
    static CatalogEntry fromIdOnly(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        String base = lower.contains(":") ? lower.substring(0, lower.lastIndexOf(':')) : lower;
        DeviceType device = base.endsWith("-npu") ? DeviceType.NPU : base.endsWith("-gpu") ? DeviceType.GPU : DeviceType.CPU;
        String ep;
        if (base.contains("-qnn-")) {
            ep = "QNNExecutionProvider";
        } else if (base.contains("-vitis-")) {
            ep = "VitisAIExecutionProvider";
        } else if (base.contains("-openvino-")) {
            ep = "OpenVINOExecutionProvider";
        } else if (base.contains("-cuda-")) {
            ep = CUDA_EP;
        } else if (base.contains("-trtrtx-") || base.contains("-tensorrt-")) {
            ep = "NvTensorRTRTXExecutionProvider";
        } else if (base.endsWith("-generic-gpu")) {
            ep = "WebGpuExecutionProvider";
        } else if (base.endsWith("-generic-cpu")) {
            ep = "CPUExecutionProvider";
        } else {
            ep = null;
        }
        return new CatalogEntry(id, null, -1, device, ep, 0, null, null, null, null, 0, null);
    }
}
