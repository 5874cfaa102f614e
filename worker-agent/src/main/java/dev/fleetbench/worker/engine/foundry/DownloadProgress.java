package dev.fleetbench.worker.engine.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.DownloadListener;
import dev.fleetbench.worker.engine.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the streamed answer of G1 {@code POST /openai/download} (spec §4.5) line by line, whatever the transfer
 * chunks were: progress lines ({@code Total 45.67% Downloading model.onnx.data}; only the first {@code <number>%}
 * counts, as in the SDKs), a completion marker ({@code [DONE] All Completed!}), then the result JSON
 * ({@code {"success": true, "errorMessage": null}}, which may span several lines). Parsing lines rather than
 * chunks avoids the legacy JS SDK's failure when the JSON shares a chunk with a progress line. Also reads the
 * percentages of {@code foundry model download} output. Not thread-safe: one per download.
 */
final class DownloadProgress {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern FILE = Pattern.compile("(?i)Downloading\\s+(.+?)\\s*$");

    private final DownloadListener listener;
    private final StringBuilder json = new StringBuilder();
    private double lastPercent = -1;
    private boolean completed;
    private int lines;

    DownloadProgress(DownloadListener listener) {
        this.listener = listener;
    }

    /** One line of the answer, without its line terminator. */
    void line(String raw) {
        lines++;
        String line = raw.strip();
        if (json.length() > 0 || line.startsWith("{")) {
            json.append(line).append('\n');
            return;
        }
        if (line.isEmpty()) {
            return;
        }
        if (line.contains("[DONE]") || line.toLowerCase(Locale.ROOT).contains("all completed")) {
            completed = true;
            report(100, "");
            return;
        }
        Matcher m = PERCENT.matcher(line);
        if (m.find()) {
            double pct = Math.min(100, Double.parseDouble(m.group(1)));
            Matcher f = FILE.matcher(line);
            report(pct, f.find() ? f.group(1) : "");
        }
    }

    private void report(double pct, String detail) {
        if (pct > lastPercent) {
            lastPercent = pct;
            listener.onProgress(pct, detail);
        }
    }

    boolean completed() {
        return completed;
    }

    /** The highest percentage seen; -1 when none. */
    double lastPercent() {
        return lastPercent;
    }

    /**
     * The outcome once the stream ended.
     *
     * @throws EngineException DOWNLOAD_FAILED with the service's {@code errorMessage}, or when no result arrived
     */
    void requireSuccess(String id) throws EngineException {
        if (json.length() == 0) {
            throw new EngineException(FailureCode.DOWNLOAD_FAILED, "the download of " + id + " ended without a result"
                    + " (" + lines + " lines" + (completed ? ", completion marker seen" : ", no completion marker")
                    + ", last progress " + (lastPercent < 0 ? "none" : lastPercent + "%") + ")");
        }
        JsonNode root;
        try {
            root = CatalogJson.tree(json.toString(), "the download result");
        } catch (EngineException e) {
            throw new EngineException(FailureCode.DOWNLOAD_FAILED, "the download of " + id + " ended with an unreadable"
                    + " result: " + e.getMessage(), e);
        }
        JsonNode success = CatalogJson.field(root, "success");
        if (success != null && success.asBoolean(false)) {
            return;
        }
        String message = CatalogJson.text(root, "errorMessage");
        if (message == null) {
            message = CatalogJson.text(root, "error");
        }
        throw new EngineException(FailureCode.DOWNLOAD_FAILED, "Foundry Local could not download " + id + ": "
                + (message == null ? "no reason given (" + CatalogJson.excerpt(json.toString()) + ")" : message));
    }
}
