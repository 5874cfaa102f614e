package dev.fleetbench.common.model;

/**
 * One graphics adapter.
 *
 * @param name          adapter name as reported by the OS
 * @param vendor        normalised vendor: "nvidia", "amd", "intel", "apple", "qualcomm" or the raw text; null if unknown
 * @param vramBytes     dedicated video memory in bytes; 0 if unknown or shared
 * @param driverVersion driver version text; null if unknown
 */
public record GpuInfo(String name, String vendor, long vramBytes, String driverVersion) {
}
