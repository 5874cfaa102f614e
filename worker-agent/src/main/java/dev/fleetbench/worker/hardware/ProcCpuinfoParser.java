package dev.fleetbench.worker.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Linux {@code /proc/cpuinfo}. x86 kernels print {@code vendor_id}, {@code model name} and {@code flags};
 * aarch64 kernels print {@code CPU implementer}, {@code CPU part} and {@code Features}, and no model name. Every
 * processor repeats the block; the first one is taken, because mixed-ISA cores do not exist on the machines we
 * probe (big.LITTLE cores share one feature set). Pure.
 */
final class ProcCpuinfoParser {

    /** ARM "CPU implementer" codes of the vendors we meet, from the Arm architecture reference (MIDR_EL1). */
    private static final Map<String, String> IMPLEMENTERS = Map.of(
            "0x41", "ARM", "0x42", "Broadcom", "0x46", "Fujitsu", "0x48", "HiSilicon", "0x4e", "NVIDIA",
            "0x51", "Qualcomm", "0x61", "Apple", "0xc0", "Ampere");

    /**
     * What /proc/cpuinfo says about the first processor.
     *
     * @param vendor       vendor_id ("GenuineIntel", "AuthenticAMD") or the ARM implementer's name; null if absent
     * @param model        model name; null if absent (always on aarch64)
     * @param featureLines the flags or Features lines, raw, for {@link CpuFeatureNames}
     */
    record Cpuinfo(String vendor, String model, List<String> featureLines) {
        Cpuinfo {
            featureLines = List.copyOf(featureLines);
        }
    }

    private ProcCpuinfoParser() {
    }

    static Cpuinfo parse(String text) {
        String vendor = null;
        String model = null;
        List<String> features = new ArrayList<>();
        if (text == null) {
            return new Cpuinfo(null, null, features);
        }
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && (model != null || !features.isEmpty())) {
                    break; // end of the first processor block
                }
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = vendor == null ? blankToNull(value) : vendor;
                case "cpu implementer" -> vendor = vendor == null
                        ? IMPLEMENTERS.getOrDefault(value.toLowerCase(Locale.ROOT), null) : vendor;
                case "model name" -> model = model == null ? blankToNull(value) : model;
                case "flags", "features" -> features.add(value);
                default -> {
                    // other keys (microcode, bogomips, cache size) say nothing we need
                }
            }
        }
        return new Cpuinfo(vendor, model, features);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
