package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Fleet page's enrollment buttons in real headless Chromium, against a real coordinator that leaves new workers
 * pending and real worker JVMs: Approve lets a worker in (it is then leased a campaign's cell), Reject with a typed
 * reason turns one away (the worker prints the reason), and a worker back with more RAM and a GPU is shown as
 * changed until Acknowledge.
 */
@Timeout(300)
class EnrollmentUiIT {

    private static final Pattern EVENTS_401 = Pattern.compile("/api/events .*status of 401");
    private static final HardwareProfile DESKTOP = Fixtures.intelDesktop();
    private static final HardwareProfile UPGRADED = new HardwareProfile(DESKTOP.machineId(), DESKTOP.hostname(),
            DESKTOP.os(), DESKTOP.cpu(), new MemoryInfo(64_000_000_000L, 60_000_000_000L),
            List.of(new GpuInfo("NVIDIA GeForce RTX 4060", "nvidia", 8_000_000_000L, "560.94")), DESKTOP.npus(),
            DESKTOP.power(), DESKTOP.notes());

    private Path dir;
    private UiFleet fleet;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        Browser.assumeInstalled();
        dir = Files.createDirectories(Path.of("target", "ui-tests", "enrollment-" + System.currentTimeMillis()));
        fleet = new UiFleet(dir, false);
        browser = new Browser(fleet.url(), 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        try (AutoCloseable b = browser; AutoCloseable f = fleet) {
            // closes the browser, then the fleet
        }
    }

    private List<String> simulated(String name, HardwareProfile hw) throws Exception {
        Path profile = Files.writeString(dir.resolve(name + "-hardware.json"), Json.write(hw));
        return List.of("--engine", "simulated", "--simulated-models", "sim-a", "--simulated-ttft-ms", "5",
                "--simulated-token-ms", "5", "--label", "name=" + name, "--hardware-profile", profile.toString());
    }

    private String idOf(String name) throws Exception {
        JsonNode w = fleet.await("/api/workers", Duration.ofSeconds(60), "worker " + name + " to join", all -> {
            for (JsonNode x : all) {
                if (name.equals(x.path("labels").path("name").asText())) {
                    return true;
                }
            }
            return false;
        });
        for (JsonNode x : w) {
            if (name.equals(x.path("labels").path("name").asText())) {
                return x.get("worker_id").asText();
            }
        }
        throw new AssertionError("unreachable");
    }

    private JsonNode worker(String id) throws Exception {
        for (JsonNode x : fleet.get("/api/workers")) {
            if (id.equals(x.get("worker_id").asText())) {
                return x;
            }
        }
        throw new AssertionError("no worker " + id);
    }

    private String row(String id) {
        return "#workers tr[data-worker='" + id + "']";
    }

    @Test
    void approveRejectAndAcknowledgeFromTheFleetPage() throws Exception {
        browser.open("#/fleet");
        browser.awaitVisible("#token-dialog");
        browser.one("#token-input").sendKeys(fleet.token);
        browser.one("#token-save").click();
        browser.awaitText("#page-fleet .note-empty", "No workers yet");

        Process a = fleet.worker("a", simulated("a", DESKTOP));
        Process b = fleet.worker("b", simulated("b", Fixtures.snapdragonLaptop()));
        String idA = idOf("a");
        String idB = idOf("b");
        browser.await(Duration.ofSeconds(60), "both workers pending on the page",
                d -> browser.all("#workers .badge.state-pending").size() == 2);
        assertThat(browser.awaitText("#fleet-summary", "2 waiting for approval")).startsWith("2 workers");
        browser.screenshot("enrollment-01-pending");

        browser.one(row(idA) + " button.approve").click();
        fleet.await("/api/workers", Duration.ofSeconds(20), "a to be approved",
                all -> worker(all, idA).path("enrollment").asText().equals("approved"));
        browser.await(Duration.ofSeconds(20), "a's row without buttons",
                d -> browser.all(row(idA) + " button").isEmpty() && browser.all("#workers .badge.state-pending").size() == 1);

        browser.one(row(idB) + " input.reject-reason").sendKeys("a visitor's laptop");
        browser.one(row(idB) + " button.reject").click();
        assertThat(browser.awaitText(row(idB) + " .enrollment-cell", "rejected")).contains("a visitor's laptop");
        assertThat(worker(idB).get("rejection_reason").asText()).isEqualTo("a visitor's laptop");
        browser.screenshot("enrollment-02-decided");

        // The approved worker is leased the campaign's only cell; the rejected one prints the reason and stops asking.
        String campaign = fleet.post("/api/campaigns", """
                {"name": "after approval", "models": ["sim-a"], "repetitions": 2, "warmups": 0,
                 "prompts": [{"id": "p", "text": "Hello", "max_tokens": 8}]}""").get("id").asText();
        fleet.await("/api/campaigns/" + campaign, Duration.ofSeconds(60), "the campaign to finish",
                c -> c.get("state").asText().equals("done") && c.get("cells_done").asInt() == 1);
        assertThat(fleet.get("/api/campaigns/" + campaign + "/cells").get(0).get("worker_id").asText()).isEqualTo(idA);
        Path logB = dir.resolve("b").resolve("worker.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(logB).contains("a visitor's laptop") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(logB)).contains("an admin rejected this machine (worker " + idB + "): a visitor's laptop");
        b.destroyForcibly();

        // a comes back with more RAM and a GPU: changed until acknowledged.
        a.destroyForcibly();
        a.waitFor(20, TimeUnit.SECONDS);
        fleet.worker("a", simulated("a", UPGRADED));
        String changed = browser.await(Duration.ofSeconds(120), "a's row to show the change", d -> {
            var cells = browser.all(row(idA) + " .enrollment-cell");
            return !cells.isEmpty() && cells.get(0).getText().contains("hardware changed") ? cells.get(0).getText() : null;
        });
        assertThat(changed).contains("RAM: 34.0 GB → 64.0 GB", "GPUs: none → NVIDIA GeForce RTX 4060 8.0 GB driver 560.94");
        browser.screenshot("enrollment-03-changed");
        browser.one(row(idA) + " button.acknowledge").click();
        fleet.await("/api/workers", Duration.ofSeconds(20), "the change to be acknowledged",
                all -> worker(all, idA).get("hardware_changes").isEmpty());
        browser.await(Duration.ofSeconds(20), "a's row without the change",
                d -> !browser.one(row(idA) + " .enrollment-cell").getText().contains("hardware changed"));
        browser.assertNoConsoleErrors("fleet", EVENTS_401);
    }

    private static JsonNode worker(JsonNode all, String id) {
        for (JsonNode x : all) {
            if (id.equals(x.get("worker_id").asText())) {
                return x;
            }
        }
        return Json.mapper().createObjectNode();
    }
}
