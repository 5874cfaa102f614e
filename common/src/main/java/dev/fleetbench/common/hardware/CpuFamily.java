package dev.fleetbench.common.hardware;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a processor name to its family, the granularity at which two machines are comparable: one generation and
 * tier of one product line ("core-ultra-7-1xx" for Core Ultra series 1, "core-ultra-7-2xx" for series 2,
 * "core-i7-gen11", "ryzen-7-7000" for desktop parts, "ryzen-7-7040" for AMD's mobile 7040 series, "ryzen-ai-9-300",
 * "epyc-gen3", "snapdragon-x-elite", "apple-m2-pro"). Written by hand because no library maps marketing names to families; unknown names fall back to a
 * cleaned slug of the name. Pure.
 */
public final class CpuFamily {

    private static final Pattern CORE_ULTRA = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*ultra\\s*(\\d)\\s*(\\d)\\d\\d");
    private static final Pattern CORE_I = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*i(\\d)[- ](\\d{3,5})");
    private static final Pattern CORE_N = Pattern.compile("core\\s*(?:\\(tm\\))?\\s*(\\d)\\s+(\\d)\\d\\d");
    private static final Pattern XEON = Pattern.compile("xeon\\s*(?:\\(r\\))?\\s*(?:cpu\\s*)?([a-z]+(?:\\s*\\d)?)");
    private static final Pattern RYZEN_AI_MAX = Pattern.compile("ryzen\\s*ai\\s*max\\+?\\s*(?:pro\\s*)?(\\d)\\d\\d");
    private static final Pattern RYZEN_AI = Pattern.compile("ryzen\\s*ai\\s*(?:max\\+?\\s*)?(\\d)\\s*(?:pro\\s*)?(?:hx\\s*)?(\\d)\\d\\d");
    private static final Pattern RYZEN = Pattern.compile(
            "ryzen\\s*(?:threadripper\\s*)?(\\d)\\s*(?:pro\\s*)?(\\d)(\\d)(\\d)(\\d)\\s*([a-z]*)");
    private static final Pattern EPYC = Pattern.compile("epyc\\s*(?:\\(tm\\))?\\s*\\w\\w\\w(\\d)");
    private static final Pattern SNAPDRAGON = Pattern.compile("snapdragon\\s*(?:\\(r\\))?\\s*(x\\d?)\\s*(elite|plus)?");
    /** Snapdragon X model numbers: X1E78100 is an X Elite, X1P64100 an X Plus, X2E… the second generation's Elite. */
    private static final Pattern SNAPDRAGON_PART = Pattern.compile("\\bx(\\d)([ep])\\d{2}");
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
        if ((x = RYZEN_AI_MAX.matcher(m)).find()) {
            return "ryzen-ai-max-" + x.group(1) + "00";
        }
        if ((x = RYZEN_AI.matcher(m)).find()) {
            return "ryzen-ai-" + x.group(1) + "-" + x.group(2) + "00";
        }
        if ((x = RYZEN.matcher(m)).find()) {
            return "ryzen-" + x.group(1) + "-" + ryzenSeries(x.group(2), x.group(4), x.group(5), x.group(6));
        }
        if ((x = EPYC.matcher(m)).find()) {
            return "epyc-gen" + x.group(1);
        }
        if ((x = SNAPDRAGON.matcher(m)).find()) {
            if (x.group(2) != null) {
                return "snapdragon-" + x.group(1) + "-" + x.group(2);
            }
            Matcher part = SNAPDRAGON_PART.matcher(m);
            if (part.find()) {
                return "snapdragon-x" + (part.group(1).equals("1") ? "" : part.group(1)) + "-"
                        + (part.group(2).equals("e") ? "elite" : "plus");
            }
            return "snapdragon-" + x.group(1);
        }
        if ((x = APPLE_M.matcher(m)).find()) {
            return "apple-" + x.group(1) + (x.group(2) == null ? "" : "-" + x.group(2));
        }
        String cleaned = slug(NOISE.matcher(m).replaceAll(" "));
        return cleaned.isEmpty() ? "unknown" : cleaned;
    }

    /**
     * AMD's series of a Ryzen model number. From the 7000 series on, a mobile part's (suffix U, H, HS, HX) third digit
     * is its architecture and AMD names the series after it: 7730U is a "7030 series" (Zen 3) part, 7840U a "7040 series"
     * (Zen 4) one, 7735U a "7035" (Zen 3+), 7945HX a "7045"; desktop parts and older mobile ones stay "7000", "5000".
     */
    private static String ryzenSeries(String first, String third, String fourth, String suffix) {
        boolean mobile = suffix.equals("u") || suffix.equals("h") || suffix.equals("hs") || suffix.equals("hx");
        if (mobile && first.charAt(0) >= '7') {
            return first + "0" + third + (fourth.equals("5") ? "5" : "0");
        }
        return first + "000";
    }

    static String slug(String s) {
        return s.trim().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
