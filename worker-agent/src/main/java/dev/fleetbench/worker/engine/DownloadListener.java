package dev.fleetbench.worker.engine;

/** Progress of a model download, as the engine reports it. */
@FunctionalInterface
public interface DownloadListener {

    /**
     * @param percent 0–100
     * @param detail  what is being downloaded ("model.onnx.data"); may be empty
     */
    void onProgress(double percent, String detail);

    DownloadListener NONE = (percent, detail) -> { };
}
