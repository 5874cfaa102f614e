package dev.fleetbench.common.model;

import java.util.List;
import java.util.Locale;

/**
 * The execution providers Foundry Local and ONNX Runtime name, understood: a stable key, a label for people and the
 * device the provider drives. Covers the providers of the Foundry Local 2.0 validation plan (CPU, CUDA, DirectML
 * through WinML, NPU through WinML, WebGPU, CoreML/Metal) and the plug-in providers of its catalog and source
 * ({@code inferencing/execution_provider.h}: QNN, OpenVINO, VitisAI, RyzenAI, NvTensorRTRTX; MIGraphX from CLI logs).
 * Matching is on the name's letters only (case, dashes and an {@code ExecutionProvider} suffix ignored), so
 * {@code WebGpuExecutionProvider}, {@code WebGPU} and {@code webgpu} are one provider. Pure; thread-safe.
 */
public final class ExecutionProviders {

    /**
     * One understood provider.
     *
     * @param key    stable lower-case key ("qnn", "winml-dml"); for an unknown name, the name itself
     * @param label  what the UI and reports show ("Qualcomm QNN (NPU)"); for an unknown name, the name itself
     * @param device the device it drives; null when it depends (OpenVINO drives NPU, GPU and CPU) or is unknown
     * @param known  false when the name is none of the providers listed here
     */
    public record Info(String key, String label, DeviceType device, boolean known) {
    }

    private record Rule(List<String> names, String key, String label, DeviceType device) {
    }

    // Order matters: the WinML NPU rule must be tried before the generic WinML (DirectML) one.
    private static final List<Rule> RULES = List.of(
            new Rule(List.of("cpu", "mlas"), "cpu", "CPU (MLAS)", DeviceType.CPU),
            new Rule(List.of("cuda"), "cuda", "NVIDIA CUDA", DeviceType.GPU),
            new Rule(List.of("nvtensorrtrtx", "tensorrtrtx", "trtrtx", "tensorrt"), "tensorrt-rtx",
                    "NVIDIA TensorRT for RTX", DeviceType.GPU),
            new Rule(List.of("npuwinml", "winmlnpu"), "npu-winml", "NPU through WinML", DeviceType.NPU),
            new Rule(List.of("dml", "directml", "winmldml", "winml"), "winml-dml", "DirectML through WinML", DeviceType.GPU),
            new Rule(List.of("webgpu"), "webgpu", "WebGPU", DeviceType.GPU),
            new Rule(List.of("coreml", "coremlmetal", "metal"), "coreml-metal", "CoreML / Metal", DeviceType.GPU),
            new Rule(List.of("qnn"), "qnn", "Qualcomm QNN (NPU)", DeviceType.NPU),
            new Rule(List.of("openvino"), "openvino", "Intel OpenVINO", null),
            new Rule(List.of("vitisai", "vitis"), "vitisai", "AMD Vitis AI (NPU)", DeviceType.NPU),
            new Rule(List.of("ryzenai", "ryzenailight"), "ryzenai", "AMD Ryzen AI (NPU)", DeviceType.NPU),
            new Rule(List.of("migraphx"), "migraphx", "AMD MIGraphX", DeviceType.GPU));

    private ExecutionProviders() {
    }

    /** What {@code name} is; null for a null or blank name. */
    public static Info of(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String letters = normalize(name);
        for (Rule r : RULES) {
            if (r.names().contains(letters)) {
                return new Info(r.key(), r.label(), r.device(), true);
            }
        }
        return new Info(name.strip(), name.strip(), null, false);
    }

    /** The label of {@code name}, or "-" when there is none. */
    public static String label(String name) {
        Info i = of(name);
        return i == null ? "-" : i.label();
    }

    /** Lower-case letters and digits only, without the {@code executionprovider} suffix. */
    static String normalize(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (s.endsWith("executionprovider") && s.length() > "executionprovider".length()) {
            s = s.substring(0, s.length() - "executionprovider".length());
        }
        return s;
    }
}
