package dev.fleetbench.common.hardware;

import java.util.Locale;

/** Normalises the many spellings of hardware vendors ("GenuineIntel", "Intel(R) Corporation", "NVIDIA") to one word. Pure. */
public final class Vendors {

    private Vendors() {
    }

    /**
     * The CPU vendor: intel, amd, qualcomm, apple, arm, or the lower-cased raw text; null when both inputs are blank.
     *
     * @param rawVendor vendor text as the OS reports it (CPUID vendor string, "Qualcomm Technologies Inc", …)
     * @param model     processor name, used when the vendor text is unhelpful ("ARM" on Snapdragon machines)
     */
    public static String cpuVendor(String rawVendor, String model) {
        String v = lower(rawVendor);
        String m = lower(model);
        if (m.contains("snapdragon") || m.contains("qualcomm") || v.contains("qualcomm")) {
            return "qualcomm";
        }
        if (v.contains("intel") || m.contains("intel")) {
            return "intel";
        }
        if (v.contains("amd") || m.startsWith("amd") || m.contains("ryzen") || m.contains("epyc")) {
            return "amd";
        }
        if (v.contains("apple") || m.startsWith("apple")) {
            return "apple";
        }
        if (v.equals("arm") || v.contains("arm limited")) {
            return "arm";
        }
        return v.isBlank() ? (m.isBlank() ? null : "unknown") : v;
    }

    /** The accelerator (GPU or NPU) vendor: nvidia, amd, intel, apple, qualcomm, microsoft, or "unknown". */
    public static String acceleratorVendor(String rawVendor, String name) {
        String s = lower(rawVendor) + " " + lower(name);
        if (s.contains("nvidia") || s.contains("geforce") || s.contains("quadro") || s.contains("rtx")) {
            return "nvidia";
        }
        if (s.contains("qualcomm") || s.contains("adreno") || s.contains("hexagon") || s.contains("snapdragon")) {
            return "qualcomm";
        }
        if (s.contains("intel") || s.contains("ai boost")) {
            return "intel";
        }
        if (s.contains("amd") || s.contains("radeon") || s.contains("advanced micro devices") || s.contains("ryzen")
                || s.contains("ati ")) {
            return "amd";
        }
        if (s.contains("apple")) {
            return "apple";
        }
        if (s.contains("microsoft")) {
            return "microsoft";
        }
        return "unknown";
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
