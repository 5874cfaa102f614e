package dev.fleetbench.coordinator.report;

import java.util.Locale;

/** The escaping and number format shared by the HTML report's sections, so that every section writes them alike. */
final class Html {

    private Html() {
    }

    /** A figure as the report shows it: "—" when absent, no decimals from 100 up, two below. */
    static String num(Double v) {
        if (v == null) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** HTML-escapes text (model names and reasons come from users and engines); "" for null. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
