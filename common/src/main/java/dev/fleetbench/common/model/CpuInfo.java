package dev.fleetbench.common.model;

import java.util.List;

/**
 * The processor as the probe saw it.
 *
 * @param vendor          normalised vendor: "intel", "amd", "qualcomm", "apple", "arm" or the raw vendor text; null if unknown
 * @param model           the marketing name, e.g. "Intel(R) Core(TM) Ultra 7 155H"; null if unknown
 * @param architecture    "x86_64", "aarch64", …; null if unknown
 * @param physicalCores   physical cores; 0 if unknown
 * @param logicalCores    logical processors (hardware threads); 0 if unknown
 * @param maxFrequencyHz  advertised maximum frequency in Hz; 0 if unknown
 * @param features        inference-relevant ISA features that were visible (lower case: avx2, avx512f, avx_vnni, neon,
 *                        sve, …), sorted; empty if none were visible, which does not mean absent
 */
public record CpuInfo(
        String vendor,
        String model,
        String architecture,
        int physicalCores,
        int logicalCores,
        long maxFrequencyHz,
        List<String> features) {

    public CpuInfo {
        features = features == null ? List.of() : List.copyOf(features);
    }
}
