package dev.fleetbench.common.hardware;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a processor name to its family, the granularity at which two machines are comparable: one generation and
 * tier of one product line ("core-ultra-7-1xx", "core-i7-gen11", "ryzen-7-7000", "epyc-gen3", "snapdragon-x-elite",
 * "apple-m2-pro"). Written by hand because no library maps marketing names to families; unknown names fall back to a
 * cleaned slug of the name. Pure.
 */
public final class CpuFamily {

    private static final Pattern CORE_ULTRA = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*ultra\\s*(\\d)\\s*(\\d)\\d\\d");
    private static final Pattern CORE_I = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*i(\\d)[- ](\\d{3,5})");
    private static final Pattern CORE_N = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*(\\d)\\s+(\\d)\\d\\d");
    private static final Pattern XEON = Pattern.compile("xeon\\s*(?:\\(r\\))?\\s*(?:cpu\\s*)?([a-z]+(?:\\s*\\d)?)");
    private static final Pattern RYZEN_AI = Pattern.compile("ryzen\\s*ai\\s*(?:max\\+?\\s*)?(\\d)\\s*(?:pro\\s*)?(?:hx\\s*)?(\\d)\\d\\d");
    private static final Pattern RYZEN = Pattern.compile("ryzen\\s*(?:threadripper\\s*)?(\\d)\\s*(?:pro\\s*)?(\\d)\\d\\d\\d");
    private static final Pattern EPYC = Pattern.compile("epyc\\s*(?:\\(tm\\))?\\s*\\w\\w\\w(\\d)");
    private static final Pattern SNAPDRAGON = Pattern.compile("snapdragon\\s*(?:\\(r\\))?\\s*(x\\d?)\\s*(elite|plus)?");
    private static final Pattern APPLE_M = Pattern.compile("apple\\s*(m\\d+)\\s*(pro|max|ultra)?");
    private static final Pattern NOISE = Pattern.compile(
            "\\((?:r|tm|c)\\)|®|™|\\b(?:intel|amd|qualcomm|apple|arm)\\b|\\bcpu\\b|\\bprocessor\\b|@.*$|\\d+-core|\\bwith\\b.*$|\\bgraphics\\b.*$");

    private CpuFamily() {
    }

    /** The family of a processor name; "unknown" when the name is blank. */
    public static String of(String model) {
        if (model == null || model.isBlank()) {
            return "unknown";
        }
        String m = model.toLowerCase(Locale.ROOT);
        Matcher x;
        if ((x = CORE_ULTRA.matcher(m)).find()) {
            return "core-ultra-" + x.group(1) + "-" + x.group(2) + "xx";
        }
        if ((x = CORE_I.matcher(m)).find()) {
            String digits = x.group(2);
            // 5 digits (12700) and 4 digits from the 10th generation on (1185G7) carry a two-digit generation
            String gen = digits.length() == 5 || (digits.length() == 4 && digits.startsWith("1"))
                    ? digits.substring(0, 2) : digits.length() == 3 ? "1" : digits.substring(0, 1);
            return "core-i" + x.group(1) + "-gen" + gen;
        }
        if ((x = CORE_N.matcher(m)).find()) {
            return "core-" + x.group(1) + "-" + x.group(2) + "xx";
        }
        if ((x = XEON.matcher(m)).find()) {
            return "xeon-" + slug(x.group(1));
        }
        if ((x = RYZEN_AI.matcher(m)).find()) {
            return "ryzen-ai-" + x.group(1) + "-" + x.group(2) + "00";
        }
        if ((x = RYZEN.matcher(m)).find()) {
            return "ryzen-" + x.group(1) + "-" + x.group(2) + "000";
        }
        if ((x = EPYC.matcher(m)).find()) {
            return "epyc-gen" + x.group(1);
        }
        if ((x = SNAPDRAGON.matcher(m)).find()) {
            return "snapdragon-" + x.group(1) + (x.group(2) == null ? "" : "-" + x.group(2));
        }
        if ((x = APPLE_M.matcher(m)).find()) {
            return "apple-" + x.group(1) + (x.group(2) == null ? "" : "-" + x.group(2));
        }
        String cleaned = slug(NOISE.matcher(m).replaceAll(" "));
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }

    static String slug(String s) {
        return s.trim().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
