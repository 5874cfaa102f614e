package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.DeviceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the table of {@code foundry model list}, both generations, by its header: legacy CLI columns
 * {@code Alias  Device  Task  File Size  License  Model ID} with continuation rows whose alias is blank (the
 * variants of the alias above); CLI 0.10 columns {@code Alias  Model ID  Type  Device  EP  Size  Cached}. Columns are
 * cut at the header's offsets (header names are separated by two or more spaces; a name may contain one space).
 * Rows without a model id, separator lines and decorations are skipped. Pure.
 */
final class ModelTable {

    private static final Pattern HEADER_CELL = Pattern.compile("\\S+(?: \\S+)*");
    private static final Pattern SIZE = Pattern.compile("(?i)([0-9]+(?:\\.[0-9]+)?)\\s*(GB|MB|KB|GiB|MiB)");

    private ModelTable() {
    }

    static List<CatalogEntry> parse(String text) {
        String[] lines = text.split("\\R");
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].toLowerCase(Locale.ROOT);
            if (l.contains("alias") && l.contains("model id")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher m = HEADER_CELL.matcher(lines[header]);
        while (m.find()) {
            names.add(m.group().toLowerCase(Locale.ROOT));
            starts.add(m.start());
        }
        List<CatalogEntry> out = new ArrayList<>();
        String alias = null;
        for (int i = header + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.strip().matches("[-=─━┄+|\\s]+")) {
                continue;
            }
            String id = cell(line, names, starts, "model id");
            if (id == null || !id.contains(":") || id.contains(" ")) {
                continue;
            }
            String a = cell(line, names, starts, "alias");
            if (a != null && !a.isBlank()) {
                alias = a;
            }
            CatalogEntry fromId = CatalogEntry.fromIdOnly(id);
            DeviceType device = parseDevice(cell(line, names, starts, "device"), fromId.deviceType());
            String ep = cell(line, names, starts, "ep");
            String size = cell(line, names, starts, names.contains("file size") ? "file size" : "size");
            String cached = cell(line, names, starts, "cached");
            out.add(new CatalogEntry(id, alias, -1, device, ep == null || ep.isBlank() ? fromId.executionProvider()
                    : expandEp(ep), sizeMb(size), null, null, null, null, 0,
                    cached == null ? null : isYes(cached)));
        }
        return out;
    }

    private static String cell(String line, List<String> names, List<Integer> starts, String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            return null;
        }
        int from = starts.get(i);
        int to = i + 1 < starts.size() ? starts.get(i + 1) : line.length();
        if (from >= line.length()) {
            return "";
        }
        // a value may overflow its column by a little when the CLI pads unevenly: extend to the next blank
        while (to < line.length() && to > from && !Character.isWhitespace(line.charAt(to - 1))
                && !Character.isWhitespace(line.charAt(to))) {
            to++;
        }
        String raw = line.substring(Math.min(from, line.length()), Math.min(to, line.length()));
        return raw.replaceAll("^[^\\p{Alnum}.]+", "").strip();
    }

    private static DeviceType parseDevice(String cell, DeviceType fallback) {
        try {
            return cell == null || cell.isBlank() ? fallback : DeviceType.parse(cell.split("\\s+")[0]);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** CLI 0.10 may print short EP names ("CUDA", "QNN"); the catalog uses the full ones. */
    private static String expandEp(String ep) {
        return ep.endsWith("ExecutionProvider") ? ep : switch (ep.toLowerCase(Locale.ROOT)) {
            case "cpu" -> "CPUExecutionProvider";
            case "webgpu" -> "WebGpuExecutionProvider";
            case "cuda" -> "CUDAExecutionProvider";
            case "qnn" -> "QNNExecutionProvider";
            case "openvino" -> "OpenVINOExecutionProvider";
            case "vitisai", "vitis" -> "VitisAIExecutionProvider";
            case "nvtensorrtrtx", "trtrtx" -> "NvTensorRTRTXExecutionProvider";
            default -> ep;
        };
    }

    /** "3.72 GB" → 3720 (decimal, as the CLI prints fileSizeMb / 1000); 0 when unreadable. */
    static long sizeMb(String cell) {
        if (cell == null) {
            return 0;
        }
        Matcher m = SIZE.matcher(cell);
        if (!m.find()) {
            return 0;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "GB", "GIB" -> Math.round(v * 1000);
            case "KB" -> Math.round(v / 1000);
            default -> Math.round(v);
        };
    }

    private static boolean isYes(String cell) {
        String c = cell.strip().toLowerCase(Locale.ROOT);
        return c.equals("yes") || c.equals("true") || c.equals("✓") || c.equals("✔") || c.equals("cached") || c.equals("y");
    }
}
