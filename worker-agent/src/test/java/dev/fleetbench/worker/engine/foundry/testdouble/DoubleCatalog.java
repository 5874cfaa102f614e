package dev.fleetbench.worker.engine.foundry.testdouble;

import java.util.List;

/** Catalogs for the double, already in the service's best-first order (spec §5.1). */
public final class DoubleCatalog {

    private DoubleCatalog() {
    }

    /**
     * Spec §8.2: an alias with NPU, CUDA-GPU, generic-GPU and generic-CPU variants (two versions of the NPU id), a
     * GPU+CPU alias and a CPU-only alias.
     */
    public static List<DoubleVariant> standard() {
        return List.of(
                DoubleVariant.of("Phi-4-mini-instruct-vitis-npu:2", "phi-4-mini", "NPU", "VitisAIExecutionProvider"),
                DoubleVariant.of("Phi-4-mini-instruct-vitis-npu:1", "phi-4-mini", "NPU", "VitisAIExecutionProvider"),
                DoubleVariant.of("Phi-4-mini-instruct-cuda-gpu:5", "phi-4-mini", "GPU", "CUDAExecutionProvider"),
                DoubleVariant.of("Phi-4-mini-instruct-generic-gpu:5", "phi-4-mini", "GPU", "WebGpuExecutionProvider"),
                DoubleVariant.of("Phi-4-mini-instruct-generic-cpu:4", "phi-4-mini", "CPU", "CPUExecutionProvider"),
                DoubleVariant.of("qwen2.5-0.5b-instruct-generic-gpu:4", "qwen2.5-0.5b", "GPU", "WebGpuExecutionProvider"),
                DoubleVariant.of("qwen2.5-0.5b-instruct-generic-cpu:4", "qwen2.5-0.5b", "CPU", "CPUExecutionProvider"),
                DoubleVariant.of("stories-260k-generic-cpu:1", "stories-260k", "CPU", "CPUExecutionProvider"));
    }
}
