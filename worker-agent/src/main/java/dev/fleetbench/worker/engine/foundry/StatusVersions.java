package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.ExecutionProviders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions from {@code foundry status} (CLI 0.10+, #1003: "CLI/Core/ORT versions"): every line that is a name and a
 * version ({@code Core  1.0.0}, {@code ONNX Runtime: 1.23.0}, {@code QNNExecutionProvider 2.1.0}). The exact layout
 * of that output is UNVERIFIED (spec §1.2), so the parser takes any "name version" line and names only what it
 * recognizes: the runtime core, ONNX Runtime, and execution providers (through {@link ExecutionProviders}). Pure.
 */
final class StatusVersions {

    private static final Pattern LINE = Pattern.compile(
            "^\\s*[•*-]?\\s*([A-Za-z][A-Za-z0-9 ._()/-]*?)\\s*(?:version)?\\s*[:=]?\\s+v?(\\d+\\.\\d+(?:\\.\\d+){0,2}(?:[-+][0-9A-Za-z.+-]+)?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private StatusVersions() {
    }

    /** Every "name version" line, in order; the name as printed. */
    static Map<String, String> lines(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.putIfAbsent(m.group(1).strip(), m.group(2));
            }
        }
        return out;
    }

    /**
     * The fingerprint settings these lines give for a variant run by {@code executionProvider}: {@code foundry.core},
     * {@code ort.version}, and {@code ep.version} when a line names the same provider. Unrecognized lines are left out.
     */
    static Map<String, String> settings(String text, String executionProvider) {
        Map<String, String> out = new TreeMap<>();
        ExecutionProviders.Info wanted = ExecutionProviders.of(executionProvider);
        lines(text).forEach((name, version) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("core") || n.contains("foundry local core")) {
                out.put("foundry.core", version);
            } else if (n.equals("ort") || n.contains("onnx runtime") || n.equals("onnxruntime")) {
                out.put("ort.version", version);
            } else {
                ExecutionProviders.Info ep = ExecutionProviders.of(name);
                if (wanted != null && ep != null && ep.known() && ep.key().equals(wanted.key())) {
                    out.put("ep.version", version);
                }
            }
        });
        return out;
    }
}
