package dev.fleetbench.coordinator.domain.fleet;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.RegisterRequest;
import java.util.Map;

/**
 * Bounds on what a worker may say about itself (docs/security.md, "Limits"). A registration is kept in memory for
 * as long as the coordinator runs and is served by {@code GET /api/workers}, so an unbounded one costs every reader;
 * these limits are far above what a real agent sends. Pure.
 */
public final class RegistrationLimits {

    /** Distinct workers the coordinator keeps; a new id beyond it is refused (re-registrations always pass). */
    public static final int MAX_WORKERS = 10_000;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_KEY_CHARS = 64;
    public static final int MAX_LABEL_VALUE_CHARS = 256;
    public static final int MAX_CATALOG = 10_000;
    public static final int MAX_CACHED = 10_000;
    /** Model ids, engine kind and version, agent version, instance. */
    public static final int MAX_TEXT_CHARS = 256;
    /** The hardware profile as JSON (a 64-core machine with GPUs and NPUs needs a few KiB). */
    public static final int MAX_HARDWARE_CHARS = 64 * 1024;


    private RegistrationLimits() {
    }

    /** @return null when the registration is within bounds, else what is wrong, naming the field and the limit */
    public static String problem(RegisterRequest r) {
        if (!Ids.Shape.ID.matches(r.workerId())) {
            return "worker_id '" + clip(r.workerId()) + "' is invalid: " + Ids.Shape.ID.words();
        }
        if (r.hardware() == null || r.hardware().cpu() == null || r.hardware().memory() == null || r.hardware().os() == null) {
            return "hardware profile is missing";
        }
        if (r.engine() == null) {
            return "engine is missing";
        }
        if (r.catalog().size() > MAX_CATALOG) {
            return "catalog has " + r.catalog().size() + " variants; at most " + MAX_CATALOG + " are accepted";
        }
        if (r.cached().size() > MAX_CACHED) {
            return "cached has " + r.cached().size() + " ids; at most " + MAX_CACHED + " are accepted";
        }
        if (r.labels().size() > MAX_LABELS) {
            return "labels has " + r.labels().size() + " entries; at most " + MAX_LABELS + " are accepted";
        }
        for (Map.Entry<String, String> l : r.labels().entrySet()) {
            if (!Ids.Shape.NAME.matches(l.getKey())) {
                return "label key '" + clip(l.getKey()) + "' is invalid: " + Ids.Shape.NAME.words();
            }
            if (l.getValue() == null || l.getValue().length() > MAX_LABEL_VALUE_CHARS) {
                return "label '" + l.getKey() + "' has a value of " + (l.getValue() == null ? "null" : l.getValue().length()
                        + " characters") + "; at most " + MAX_LABEL_VALUE_CHARS + " characters are accepted";
            }
        }
        String text = tooLong("agent_version", r.agentVersion());
        text = text != null ? text : tooLong("engine.kind", r.engine().kind());
        text = text != null ? text : tooLong("engine.version", r.engine().version());
        text = text != null ? text : tooLong("instance", r.instance());
        if (text != null) {
            return text;
        }
        for (ModelVariant m : r.catalog()) {
            if (m == null || (text = tooLong("catalog[].id", m.id())) != null) {
                return m == null ? "catalog has an empty entry" : text;
            }
        }
        for (String id : r.cached()) {
            if ((text = tooLong("cached[]", id)) != null) {
                return text;
            }
        }
        int hardware = Json.write(r.hardware()).length();
        if (hardware > MAX_HARDWARE_CHARS) {
            return "hardware profile has " + hardware + " characters of JSON; at most " + MAX_HARDWARE_CHARS
                    + " are accepted";
        }
        return null;
    }

    private static String tooLong(String field, String value) {
        return value != null && value.length() > MAX_TEXT_CHARS ? field + " has " + value.length()
                + " characters; at most " + MAX_TEXT_CHARS + " are accepted" : null;
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
