package dev.fleetbench.common.hardware;

/**
 * A group of machines that are comparable (metrics.md "Hardware class"). Two machines with equal keys are pooled
 * in class statistics. Immutable.
 *
 * @param key           the whole class in one stable string, e.g. {@code intel-core-ultra-7-1xx/22t/32gb/npu:intel/windows/ac}
 * @param cpuVendor     intel, amd, qualcomm, apple, arm, unknown
 * @param cpuFamily     see {@link CpuFamily}
 * @param logicalCores  logical processors
 * @param ramGb         RAM rounded to a standard size (8/16/32/64/128 …); 0 if unknown
 * @param accelerator   {@code none}, {@code npu:qualcomm|intel|amd}, {@code gpu:nvidia|amd|intel|apple|qualcomm}
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
        return cpuVendor + " " + cpuFamily + " · " + logicalCores + "t · " + (ramGb == 0 ? "?" : ramGb) + " GB · "
                + accelerator + (power.equals("mains") ? "" : " · " + power);
    }
}
