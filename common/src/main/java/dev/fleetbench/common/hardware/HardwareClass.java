package dev.fleetbench.common.hardware;

/**
 * A group of machines that are comparable (metrics.md "Hardware class"). Two machines with equal keys are pooled
 * in class statistics. Immutable.
 *
 * @param key           the whole class in one stable string, e.g. {@code intel-core-ultra-7-1xx/22t/32gb/npu:intel/windows/ac}
 *                      (format in {@link HardwareClassifier})
 * @param cpuVendor     intel, amd, qualcomm, apple, arm, unknown
 * @param cpuFamily     see {@link CpuFamily}
 * @param logicalCores  logical processors
 * @param ramGb         RAM in GB, the smallest standard size (8/12/16/24/32/48/64/96/128 …) that holds the
 *                      reading; 0 if unknown
 * @param accelerator   {@code none}; or a discrete GPU {@code gpu:<vendor>[-<vram tier>]} ({@code gpu:nvidia-8gb}), an
 *                      NPU {@code npu:qualcomm|intel|amd}, or both joined by "+" ({@code gpu:nvidia-8gb+npu:intel}); or,
 *                      with neither, an integrated GPU {@code igpu:intel|amd|apple|qualcomm}
 * @param osFamily      windows, macos, linux, other
 * @param power         {@code ac} or {@code battery} for machines with a battery; {@code mains} for the rest
 */
public record HardwareClass(
        String key,
        String cpuVendor,
        String cpuFamily,
        int logicalCores,
        int ramGb,
        String accelerator,
        String osFamily,
        String power) {

    /** A short label for tables and charts: family, RAM and accelerator. */
    public String label() {
        return machineLabel() + (power.equals("mains") ? "" : " · " + power);
    }

    /** The key without its power part: what a stored hardware profile fixes (the power comes with each sample). */
    public String machineKey() {
        return power.equals("mains") ? key : key.substring(0, key.length() - power.length() - 1);
    }

    /** The label without its power part. */
    public String machineLabel() {
        return cpuVendor + " " + cpuFamily + " · " + logicalCores + "t · " + (ramGb == 0 ? "?" : ramGb) + " GB · "
                + accelerator;
    }

    /** Whether the class has a power part (the machine has a battery). */
    public boolean hasBattery() {
        return !power.equals("mains");
    }
}
