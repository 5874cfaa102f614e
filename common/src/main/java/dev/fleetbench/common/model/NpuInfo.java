package dev.fleetbench.common.model;

/**
 * One neural processing unit.
 *
 * @param name   device name ("Intel(R) AI Boost", "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Hexagon(TM) NPU", "Apple Neural Engine")
 * @param vendor "qualcomm", "intel", "amd", "apple" or "unknown"
 * @param driver driver name or version where the OS shows it (e.g. "intel_vpu", "amdxdna", "qaic"); null if unknown
 * @param source how it was found, for the curious: "pnp", "sysfs", "apple-silicon"
 */
public record NpuInfo(String name, String vendor, String driver, String source) {
}
