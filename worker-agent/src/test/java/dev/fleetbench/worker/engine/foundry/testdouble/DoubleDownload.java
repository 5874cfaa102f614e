package dev.fleetbench.worker.engine.foundry.testdouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * G1 {@code POST /openai/download} (spec §4.5): HTTP 200, chunked; {@code Total x.xx% Downloading <file>} lines each
 * flushed as their own chunk, {@code [DONE] All Completed!}, then — after a flush and a pause, in a chunk of its own,
 * as the legacy JS SDK requires — {@code {"success": true, "errorMessage": null}}. Failure mode: the progress stops
 * at 40% and the result is {@code success: false} (still HTTP 200).
 */
final class DoubleDownload {

    private final FoundryDouble d;
    private final HttpExchange x;

    DoubleDownload(FoundryDouble d, HttpExchange x) {
        this.d = d;
        this.x = x;
    }

    void run(String body) throws IOException {
        JsonNode request = DoubleRoutes.JSON.readTree(body);
        String name = request.path("model").path("Name").asText("");
        DoubleVariant v = d.variant(name);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            if (v == null || !request.path("IgnorePipeReport").asBoolean(false)) {
                result(out, false, v == null ? "Model " + name + " was not found in the catalog"
                        : "IgnorePipeReport must be true for progress over HTTP");
                return;
            }
            boolean fail = d.quirks.failDownload;
            double[] steps = fail ? new double[] {0, 20, 40} : new double[] {0, 12.5, 37.25, 61.5, 88.75, 100};
            for (double pct : steps) {
                line(out, String.format(Locale.ROOT, "Total %.2f%% Downloading model.onnx.data", pct));
                pause(25);
            }
            if (fail) {
                result(out, false, "Failed to download " + v.id() + ": the connection to the model registry was reset");
                return;
            }
            d.markCached(v.id());
            line(out, "[DONE] All Completed!");
            result(out, true, null);
        }
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void result(OutputStream out, boolean success, String error) throws IOException {
        pause(30); // the result must arrive as a transfer chunk of its own
        String json = "{\"success\": " + success + ", \"errorMessage\": "
                + (error == null ? "null" : DoubleRoutes.JSON.writeValueAsString(error)) + "}";
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
