package dev.fleetbench.worker.engine.embedded;

import de.kherud.llama.LlamaModel;
import dev.fleetbench.worker.gguf.GgufFile;

/**
 * The one model the engine holds: the binding's model, the header facts that shape requests, and the tail of
 * llama.cpp's log for its timings.
 *
 * @param id          variant id
 * @param gguf        header of its file
 * @param model       the binding's model (owns native memory and a server thread)
 * @param log         llama.cpp's log file for this load
 * @param contextSize context size it was loaded with
 * @param synthetic   a FleetBench synthetic model: no meaningful end of sequence, so EOS is ignored
 * @param addBos      whether llama.cpp prepends BOS to prompts (counted as a prompt token)
 * @param gpuLayers   layers llama.cpp says it offloaded to a GPU when loading; null when it did not say
 */
record LoadedModel(String id, GgufFile gguf, LlamaModel model, LlamaLogTail log, int contextSize,
                   boolean synthetic, boolean addBos, Integer gpuLayers) {

    /** Closes the native model and removes its log file. */
    void close() {
        try {
            model.close();
        } finally {
            log.close();
        }
    }
}
