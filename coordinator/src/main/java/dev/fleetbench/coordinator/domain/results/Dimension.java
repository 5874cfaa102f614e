package dev.fleetbench.coordinator.domain.results;

import java.util.Locale;

/** What aggregates can be grouped by ({@code by=hardware_class,model,prompt}). */
public enum Dimension {
    HARDWARE_CLASS("hardware_class"),
    MODEL("model"),
    PROMPT("prompt_id"),
    USE_CASE("use_case"),
    WORKER("worker_id"),
    CAMPAIGN("campaign_id");

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    /** The column name in aggregate queries and in the API's JSON. */
    public String column() {
        return column;
    }

    /** Parses an API name ("hardware_class", "model", "prompt", "use_case", "worker", "campaign"). */
    public static Dimension parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Dimension d : values()) {
            if (d.column.equals(n) || d.name().toLowerCase(Locale.ROOT).equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("cannot group by '" + name
                + "'; use hardware_class, model, prompt, use_case, worker or campaign");
    }
}
