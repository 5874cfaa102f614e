package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prediction beside the measurement on the Results page, in real headless Chromium: a real coordinator and a worker
 * on the simulated engine whose emulated desktop carries a measured bandwidth of 20 GB/s, running a 1 GB model (so
 * predicted at 20 tok/s) that the engine paces at 5 ms per token. The table shows what the API says.
 */
@Timeout(180)
class PredictionsUiIT {

    private static final Pattern EVENTS_401 = Pattern.compile("/api/events .*status of 401");

    private Path dir;
    private UiFleet fleet;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        Browser.assumeInstalled();
        dir = Files.createDirectories(Path.of("target", "ui-tests", "predictions-" + System.currentTimeMillis()));
        fleet = new UiFleet(dir);
        browser = new Browser(fleet.url(), 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        try (AutoCloseable b = browser; AutoCloseable f = fleet) {
            // closes the browser, then the fleet
        }
    }

    @Test
    void theResultsPageShowsThePredictedAndMeasuredDecodeRateAndTheClassError() throws Exception {
        HardwareProfile desktop = Fixtures.intelDesktop().withMemoryBandwidth(new MemoryBandwidth(20, "parallel copy",
                128L << 20, 5, 4, 400));
        Path profile = Files.writeString(dir.resolve("desktop.json"), Json.write(desktop));
        fleet.worker("w", List.of("--engine", "simulated", "--simulated-models", "sim-1gb:5:1000000000",
                "--simulated-ttft-ms", "5", "--hardware-profile", profile.toString()));
        fleet.await("/api/workers", Duration.ofSeconds(60), "the worker", w -> w.size() == 1);
        String id = fleet.post("/api/campaigns", """
                {"name": "predict", "models": ["sim-1gb"], "repetitions": 3, "warmups": 0, "max_repetition_factor": 1,
                 "prompts": [{"id": "a", "text": "Once upon a time", "max_tokens": 16}]}""").get("id").asText();
        fleet.await("/api/campaigns/" + id, Duration.ofSeconds(90), "the campaign to finish",
                c -> c.get("state").asText().equals("done"));
        JsonNode doc = fleet.get("/api/campaigns/" + id + "/predictions");
        JsonNode row = doc.get("rows").get(0);
        assertThat(row.get("predicted_decode_tps").asDouble()).isEqualTo(20.0);
        JsonNode cls = doc.get("classes").get(0);

        browser.open("#/results?campaign=" + id);
        browser.awaitVisible("#token-dialog");
        browser.one("#token-input").sendKeys(fleet.token);
        browser.one("#token-save").click();
        browser.await(Duration.ofSeconds(30), "the predictions table", d -> browser.all("#predictions tbody tr").size() == 1);
        String tr = "#predictions tr[data-model='sim-1gb']";
        assertThat(text(tr + " td.predicted")).isEqualTo("20.0 tok/s");
        assertThat(text(tr + " td.measured")).isEqualTo(rate(row.get("measured_decode_p50").asDouble()) + "\nn = 3");
        assertThat(text(tr + " td.ratio")).isEqualTo(String.format(Locale.ROOT, "%.2f×", row.get("ratio").asDouble()));
        assertThat(text(tr + " td.error")).isEqualTo(String.format(Locale.ROOT, "%,.1f %%\n1 cell",
                cls.get("median_abs_pct_error").asDouble()));
        assertThat(browser.one(tr + " td.predicted").getAttribute("title")).startsWith("Estimated, not measured");
        browser.js("document.querySelector('#predictions').scrollIntoView({block: 'center'});");
        browser.screenshot("predictions-01-results");
        browser.assertNoConsoleErrors("results with predictions", EVENTS_401);
    }

    private String text(String css) {
        return browser.one(css).getText().trim();
    }

    /** As the UI's num(): two decimals under 10, one under 100, none above; thousands separated. */
    private static String rate(double v) {
        int digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
        return String.format(Locale.ROOT, "%,." + digits + "f tok/s", v);
    }
}
