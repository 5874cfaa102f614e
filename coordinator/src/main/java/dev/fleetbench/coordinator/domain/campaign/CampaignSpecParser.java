package dev.fleetbench.coordinator.domain.campaign;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.suites.Suites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a campaign spec written in JSON or YAML. Every problem is a {@link SpecException} naming the
 * field; numbers, lists and texts are bounded so that a hostile spec cannot make the coordinator expand a matrix
 * that does not fit in memory. Pure.
 */
public final class CampaignSpecParser {

    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_MODELS = 50;
    public static final int MAX_PROMPTS = 100;
    public static final int MAX_PROMPT_CHARS = 20_000;
    public static final int MAX_SUITES = 20;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/+-]{1,200}");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,4})d)?(?:(\\d{1,5})h)?(?:(\\d{1,6})m)?(?:(\\d{1,7})s)?");
    private static final Duration MAX_BUDGET = Duration.ofDays(30);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CampaignSpecParser() {
    }

    /**
     * Parses JSON, or YAML when {@code yaml} is true. A leading byte-order mark (a file from Notepad or PowerShell,
     * posted as it is) is dropped: JSON parsers call it an unexpected character.
     */
    public static CampaignSpec parse(String text, boolean yaml) {
        if (text != null && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text == null || text.isBlank()) {
            throw new SpecException(null, "the spec is empty");
        }
        if (text.length() > MAX_BYTES) {
            throw new SpecException(null, "the spec is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        JsonNode root;
        try {
            root = (yaml ? Json.yamlMapper() : Json.mapper()).readTree(text);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new SpecException(null, "not valid " + (yaml ? "YAML" : "JSON") + ": " + m);
        }
        return parse(root);
    }

    static CampaignSpec parse(JsonNode root) {
        SpecReader r = SpecReader.object(root, null);
        r.allowOnly(Set.of("name", "models", "prompts", "repetitions", "warmups", "machines", "schedule", "lab_gating",
                "slo", "time_budget", "request_timeout_s", "remove_downloads", "max_tokens",
                "max_repetition_factor", "evidence", "suites", "suite_seed", "regression_threshold_pct", "devices",
                "context", "skip_predicted_too_slow"));
        String name = r.string("name", 100, null);
        List<String> models = r.strings("models", MAX_MODELS, 200);
        if (models.isEmpty()) {
            throw new SpecException("models", "is missing: name at least one model alias or variant id");
        }
        for (int i = 0; i < models.size(); i++) {
            if (!MODEL.matcher(models.get(i)).matches()) {
                throw new SpecException("models[" + i + "]", "'" + models.get(i)
                        + "' is not a valid model name (letters, digits and . _ : / + - only)");
            }
        }
        int maxTokens = r.integer("max_tokens", 1, PromptSpec.MAX_TOKENS_LIMIT, PromptSet.DEFAULT_MAX_TOKENS);
        List<PromptSpec> context = context(r.raw("context"), maxTokens);
        boolean own = r.has("prompts") || (!r.has("suites") && context.isEmpty());
        PromptSet prompts = withSuites(own ? prompts(r.raw("prompts"), maxTokens) : null,
                r.strings("suites", MAX_SUITES, 100), suiteSeed(r), r.has("max_tokens") ? maxTokens : Integer.MAX_VALUE);
        if (!context.isEmpty()) {
            List<PromptSpec> all = new ArrayList<>(prompts == null ? List.of() : prompts.prompts());
            all.addAll(context);
            prompts = new PromptSet(all);
        }
        String schedule = r.has("schedule") ? cron(r.string("schedule", 100, null)) : null;
        return new CampaignSpec(name, models, prompts,
                r.integer("repetitions", 1, 1000, 3),
                r.integer("warmups", 0, 100, 1),
                r.has("machines") ? machines(SpecReader.object(r.raw("machines"), "machines")) : MachineSelector.ALL,
                schedule,
                r.has("lab_gating") ? gating(SpecReader.object(r.raw("lab_gating"), "lab_gating")) : LabGating.NONE,
                r.has("slo") ? slo(SpecReader.object(r.raw("slo"), "slo")) : ServiceLevels.DEFAULTS,
                r.has("time_budget") ? duration(r.raw("time_budget")) : null,
                r.integer("request_timeout_s", 1, 3600, 120),
                r.bool("remove_downloads", false),
                r.integer("max_repetition_factor", 1, 3, 3),
                r.has("evidence") ? evidence(SpecReader.object(r.raw("evidence"), "evidence")) : EvidenceRules.DEFAULTS,
                r.number("regression_threshold_pct", 0.1, 100, CampaignSpec.DEFAULT_REGRESSION_THRESHOLD_PCT),
                devices(r),
                r.has("skip_predicted_too_slow") ? skipFactor(r.raw("skip_predicted_too_slow")) : null);
    }

    /**
     * {@code skip_predicted_too_slow: {factor: 3}}: cells predicted to miss the minimum decode rate by more than the
     * factor are not run.
     */
    private static Double skipFactor(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new SpecException("skip_predicted_too_slow", "must be an object like {factor: 3}: skip cells whose"
                    + " predicted decode rate is more than 3 times below slo.decode_p50_min_tps");
        }
        SpecReader s = SpecReader.object(node, "skip_predicted_too_slow");
        s.allowOnly(Set.of("factor"));
        if (!s.has("factor") || node.get("factor").isNull()) {
            throw new SpecException("skip_predicted_too_slow.factor", "is missing: how far below the minimum decode"
                    + " rate a prediction must be to skip its cell, e.g. 3");
        }
        return s.number("factor", 1, 1000, 0);
    }

    /** {@code context: [128, 1024, 4096]}: a prompt of each length, built on the worker for each model. */
    private static List<PromptSpec> context(JsonNode node, int maxTokens) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > 16) {
            throw new SpecException("context", "must be a list of 1 to 16 prompt lengths in tokens, e.g. [128, 1024, 4096]");
        }
        List<PromptSpec> out = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1
                    || n.intValue() > PromptSpec.MAX_CONTEXT_TOKENS) {
                throw new SpecException("context[" + i + "]", "'" + n + "' is not a prompt length in tokens (1.."
                        + PromptSpec.MAX_CONTEXT_TOKENS + ")");
            }
            if (!seen.add(n.intValue())) {
                throw new SpecException("context[" + i + "]", "names " + n.intValue() + " twice; name each length once");
            }
            out.add(PromptSpec.context(n.intValue(), maxTokens));
        }
        return out;
    }

    /** {@code devices: [npu, gpu, cpu]}: each device variant of a model is its own cell; each device once. */
    private static List<DeviceType> devices(SpecReader r) {
        List<String> names = r.strings("devices", 3, 10);
        List<DeviceType> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            DeviceType d;
            try {
                d = DeviceType.parse(names.get(i));
            } catch (IllegalArgumentException e) {
                throw new SpecException("devices[" + i + "]", e.getMessage());
            }
            if (out.contains(d)) {
                throw new SpecException("devices[" + i + "]", "names " + names.get(i) + " twice; name each device once");
            }
            out.add(d);
        }
        return out;
    }

    private static EvidenceRules evidence(SpecReader e) {
        e.allowOnly(Set.of("min_requests", "min_scored", "min_ratings", "min_quality"));
        EvidenceRules d = EvidenceRules.DEFAULTS;
        return new EvidenceRules(
                e.integer("min_requests", 1, 1_000_000, d.minRequests()),
                e.integer("min_scored", 1, 1_000_000, d.minScored()),
                e.integer("min_ratings", 1, 1_000_000, d.minRatings()),
                e.number("min_quality", 0, 1, d.minQuality()));
    }

    /**
     * The free prompts (null when there are none) followed by every named built-in suite generated from the seed (each
 * answer's budget capped by an explicit top-level {@code max_tokens}); the
     * prompt set's version, in every sample's fingerprint, hashes them all, so it names the suites and the seed.
     */
    private static PromptSet withSuites(PromptSet free, List<String> suites, long seed, int cap) {
        if (suites.isEmpty()) {
            return free;
        }
        List<PromptSpec> all = new ArrayList<>(free == null ? List.of() : free.prompts());
        for (int i = 0; i < suites.size(); i++) {
            try {
                // an explicit max_tokens caps the suites' own budgets too
                Suites.resolve(suites.get(i), seed).prompts()
                        .forEach(p -> all.add(p.withMaxTokens(Math.min(p.maxTokens(), cap))));
            } catch (IllegalArgumentException e) {
                throw new SpecException("suites[" + i + "]", e.getMessage());
            }
        }
        try {
            return new PromptSet(all);
        } catch (IllegalArgumentException e) {
            throw new SpecException("suites", e.getMessage().replaceFirst("^prompts: ", ""));
        }
    }

    private static long suiteSeed(SpecReader r) {
        JsonNode v = r.raw("suite_seed");
        if (v == null || v.isNull()) {
            return Suites.DEFAULT_SEED;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new SpecException("suite_seed", "must be a whole number");
        }
        return v.longValue();
    }

    private static PromptSet prompts(JsonNode node, int maxTokens) {
        if (node == null || node.isNull()) {
            return PromptSet.defaults().withMaxTokens(maxTokens);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new SpecException("prompts", "must be a non-empty list");
        }
        if (node.size() > MAX_PROMPTS) {
            throw new SpecException("prompts", "has " + node.size() + " entries; at most " + MAX_PROMPTS + " are allowed");
        }
        List<PromptSpec> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "prompts[" + i + "]";
            SpecReader p = SpecReader.object(node.get(i), path);
            p.allowOnly(Set.of("id", "category", "text", "max_tokens", "expect"));
            String id = p.string("id", 64, "p" + (i + 1));
            if (!Ids.Shape.NAME.matches(id)) {
                throw new SpecException(p.field("id"), "'" + id + "' is invalid; use " + Ids.Shape.NAME.words());
            }
            UseCase category;
            try {
                category = UseCase.parse(p.string("category", 40, "chat"));
            } catch (IllegalArgumentException e) {
                throw new SpecException(p.field("category"), e.getMessage());
            }
            String text = p.string("text", MAX_PROMPT_CHARS, null);
            int tokens = p.integer("max_tokens", 1, PromptSpec.MAX_TOKENS_LIMIT, maxTokens);
            Expectation expect = null;
            if (p.has("expect")) {
                try {
                    expect = Json.mapper().convertValue(p.raw("expect"), Expectation.class);
                } catch (IllegalArgumentException e) {
                    // Jackson wraps the Expectation's own message; report that one, not the wrapper.
                    Throwable reason = e;
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t.getClass() == IllegalArgumentException.class) {
                            reason = t;
                        }
                    }
                    throw new SpecException(p.field("expect"), reason.getMessage());
                }
            }
            out.add(new PromptSpec(id, category, text, tokens, expect));
        }
        try {
            return new PromptSet(out);
        } catch (IllegalArgumentException e) {
            throw new SpecException("prompts", e.getMessage().replaceFirst("^prompts: ", ""));
        }
    }

    private static MachineSelector machines(SpecReader m) {
        m.allowOnly(Set.of("labels", "hardware_class", "min_ram_gb", "device", "workers"));
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.has("labels")) {
            SpecReader l = SpecReader.object(m.raw("labels"), "machines.labels");
            m.raw("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), l.string(e.getKey(), 200, null)));
        }
        Set<DeviceType> devices = EnumSet.noneOf(DeviceType.class);
        List<String> deviceNames = m.strings("device", 3, 10);
        for (int i = 0; i < deviceNames.size(); i++) {
            try {
                devices.add(DeviceType.parse(deviceNames.get(i)));
            } catch (IllegalArgumentException e) {
                throw new SpecException("machines.device", e.getMessage());
            }
        }
        return new MachineSelector(labels, m.strings("hardware_class", 50, 200), m.integer("min_ram_gb", 0, 4096, 0),
                devices, m.strings("workers", 1000, 64));
    }

    private static LabGating gating(SpecReader g) {
        g.allowOnly(Set.of("require_idle", "require_ac"));
        return new LabGating(g.bool("require_idle", false), g.bool("require_ac", false));
    }

    private static ServiceLevels slo(SpecReader s) {
        s.allowOnly(Set.of("ttft_p90_max_ms", "decode_p50_min_tps", "max_error_rate", "max_memory_fraction",
                "max_joules_per_answer"));
        ServiceLevels d = ServiceLevels.DEFAULTS;
        return new ServiceLevels(
                s.number("ttft_p90_max_ms", 1, 3_600_000, d.ttftP90MaxMs()),
                s.number("decode_p50_min_tps", 0, 1_000_000, d.decodeP50MinTps()),
                s.number("max_error_rate", 0.0001, 1, d.maxErrorRate()),
                s.number("max_memory_fraction", 0.01, 1, d.maxMemoryFraction()),
                s.has("max_joules_per_answer") ? s.number("max_joules_per_answer", 0.001, 1_000_000, 0) : null);
    }

    private static String cron(String expr) {
        try {
            CRON.parse(expr).validate();
            return expr;
        } catch (IllegalArgumentException e) {
            throw new SpecException("schedule", "'" + expr + "' is not a valid cron expression (5 fields: minute hour"
                    + " day-of-month month day-of-week): " + e.getMessage());
        }
    }

    /** "90m", "2h", "1h30m", "1d", "45s", or a number of minutes. */
    static Duration duration(JsonNode node) {
        Duration d;
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() > 0) {
            d = Duration.ofMinutes(Math.min(node.longValue(), MAX_BUDGET.toMinutes() + 1));
        } else {
            Matcher m = DURATION.matcher(node.isTextual() ? node.asText().trim() : "");
            if (!node.isTextual() || node.asText().isBlank() || !m.matches()) {
                throw new SpecException("time_budget", "must be a duration like 90m, 2h, 1h30m or a number of minutes");
            }
            d = Duration.ofDays(val(m, 1)).plusHours(val(m, 2)).plusMinutes(val(m, 3)).plusSeconds(val(m, 4));
        }
        if (d.isZero() || d.compareTo(MAX_BUDGET) > 0) {
            throw new SpecException("time_budget", "must be more than 0 and at most 30 days");
        }
        return d;
    }

    private static long val(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
