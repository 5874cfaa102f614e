package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import java.util.stream.Collectors;

/** Whether a hardware profile shows a device, and a one-line summary of its devices. Pure. */
final class HardwareMatch {

    private HardwareMatch() {
    }

    /** True when the profile shows the device (a CPU always); true when the profile is unknown (nothing to flag). */
    static boolean shows(HardwareProfile profile, DeviceType device) {
        if (profile == null) {
            return true;
        }
        return switch (device) {
            case CPU -> true;
            case GPU -> !profile.gpus().isEmpty();
            case NPU -> !profile.npus().isEmpty();
        };
    }

    static String summary(HardwareProfile profile) {
        if (profile == null) {
            return "hardware profile unknown";
        }
        String gpus = profile.gpus().isEmpty() ? "none"
                : profile.gpus().stream().map(GpuInfo::name).collect(Collectors.joining(", "));
        String npus = profile.npus().isEmpty() ? "none"
                : profile.npus().stream().map(NpuInfo::name).collect(Collectors.joining(", "));
        return "CPU " + profile.cpu().model() + "; GPU " + gpus + "; NPU " + npus + " (profile "
                + profile.profileHash() + ")";
    }
}
