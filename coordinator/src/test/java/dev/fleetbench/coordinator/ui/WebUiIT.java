package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.testing.Fixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in real headless Chromium against a real coordinator (with a bearer token) and real worker agents in
 * their own JVMs: one on the simulated engine, one on the OpenAI engine whose server answers with HTML and script,
 * and last one on the Foundry engine against the Foundry Local double (a process of its own) for the accelerators.
 * The tests run in order and share the fleet, the browser tab and its session (the token is asked once). Every page
 * is checked for data, for console errors and for fitting the window, and leaves a screenshot in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WebUiIT {

    private static final Pattern EVENTS_401 = Pattern.compile("/api/events .*status of 401");
    private static final Pattern ANY_400 = Pattern.compile("/api/campaigns .*status of 400");
    private static final String SEED_NAME = "seed <img src=x onerror=\"window.__pwned='name'\">";

    private Path dir;
    private HtmlAnsweringServer html;
    private UiFleet fleet;
    private Browser browser;
    private String seedId;
    private String builtId;

    /** A failed test leaves a screenshot of what the browser showed, beside the others. */
    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                try {
                    browser.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
                } catch (Exception e) {
                    cause.addSuppressed(e);
                }
            }
        }
    };

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        if (Files.isDirectory(Browser.SCREENSHOTS)) {
            try (var old = Files.list(Browser.SCREENSHOTS)) {
                for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".png")).toList()) {
                    Files.delete(p);
                }
            }
        }
        dir = Files.createDirectories(Path.of("target", "ui-tests", "run-" + System.currentTimeMillis()));
        html = new HtmlAnsweringServer(3);
        fleet = new UiFleet(dir);
        browser = new Browser(fleet.url(), 1280, 900);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable b = browser; AutoCloseable f = fleet; AutoCloseable h = html) {
            // closes the browser, then the fleet, then the scripted server
        }
    }

    /** Each test answers for the console entries of its own pages. */
    @BeforeEach
    void forgetEarlierConsole() {
        if (browser != null) {
            browser.drainConsole();
        }
    }

    @Test
    @Order(1)
    void theFleetPageAsksForTheTokenOnceShowsTheEmptyStateAndWorkersJoiningLive() throws Exception {
        browser.open("#/fleet");
        // The event stream needs the token: the dialog asks for it once.
        browser.awaitVisible("#token-dialog");
        browser.screenshot("00-token-dialog");
        browser.one("#token-input").sendKeys(fleet.token);
        browser.one("#token-save").click();
        assertThat(browser.awaitText("#page-fleet .note-empty", "No workers yet")).contains("./fleetbench worker --join");
        browser.await(Duration.ofSeconds(10), "the event stream to be live", d -> browser.one("#live").getText().contains("live"));
        browser.screenshot("01-fleet-empty");
        browser.js("window.__sameDocument = true;");

        fleet.worker("w-sim", List.of("--engine", "simulated", "--simulated-models", "sim-a,sim-b",
                "--simulated-ttft-ms", "5", "--simulated-token-ms", "5", "--label", "room=lab-a"));
        fleet.worker("w-html", List.of("--engine", "openai", "--endpoint", html.endpoint(), "--label", "room=lab-b"));
        browser.await(Duration.ofSeconds(60), "both workers to appear on the open page",
                d -> browser.all("#workers tbody tr").size() == 2 && browser.all("#workers .badge.state-ready").size() == 2);
        assertThat(browser.js("return window.__sameDocument === true")).as("no reload: the rows came live").isEqualTo(true);
        String table = text("#workers");
        assertThat(table).contains("simulated", "openai", "sim-a, sim-b", HtmlAnsweringServer.MODEL, "room=lab-a", "room=lab-b");

        choose("#filter-label", "room=lab-b");
        assertThat(browser.awaitText("#fleet-summary", "1 shown")).startsWith("2 workers");
        assertThat(browser.awaitText("#workers tbody", "openai")).doesNotContain("simulated");
        choose("#filter-label", "");
        choose("#filter-device", "npu");
        browser.awaitText("#page-fleet", "No worker matches these filters.");
        choose("#filter-device", "");

        // States follow the event stream: record every badge the page shows while the seed campaign runs.
        browser.js("window.__states = new Set(); window.__rec = setInterval(() => document.querySelectorAll('#workers tbody tr')"
                + ".forEach(r => window.__states.add(r.dataset.worker + ':' + r.querySelector('.badge').textContent)), 40);");
        seedId = fleet.post("/api/campaigns", """
                {"name": %s, "models": ["sim-a", "sim-b", "%s"], "repetitions": 3, "warmups": 1, "max_tokens": 24,
                 "slo": {"max_error_rate": 0.9}, "evidence": {"min_requests": 3, "min_scored": 3},
                 "prompts": [{"id": "story", "category": "chat", "text": "Tell a story <b>now</b>", "expect": {"contains": "Sure!"}},
                             {"id": "code", "category": "code", "text": "Write a sort function"}]}"""
                .formatted(HtmlAnsweringServer.jsonString(SEED_NAME), HtmlAnsweringServer.MODEL)).get("id").asText();
        fleet.await("/api/campaigns/" + seedId, Duration.ofSeconds(60), "the seed campaign to finish",
                c -> c.get("state").asText().equals("done"));
        browser.await(Duration.ofSeconds(10), "both workers ready again",
                d -> browser.all("#workers .badge.state-ready").size() == 2);
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.js("clearInterval(window.__rec); return [...window.__states];");
        assertThat(seen).as("states shown while the campaign ran").anyMatch(s -> s.endsWith(":busy"));
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
        browser.screenshot("02-fleet");
        assertPageFits("fleet");
        browser.assertNoConsoleErrors("fleet", EVENTS_401);
    }

    @Test
    @Order(2)
    void theCampaignsPageListsCampaignsWithTheirProgress() throws Exception {
        browser.open("#/campaigns");
        assertThat(browser.awaitText("#campaigns tr[data-campaign='" + seedId + "']", "done")).contains(SEED_NAME)
                .containsPattern("(\\d+)/\\1 cells");
        assertThat(browser.one("#page-campaigns").getText()).contains("No schedules");
        browser.screenshot("03-campaigns");
        assertPageFits("campaigns");
        browser.assertNoConsoleErrors("campaigns");
    }

    @Test
    @Order(3)
    void theBuilderShowsTheApisValidationMessageNextToTheNamedField() throws Exception {
        browser.open("#/campaigns/new");
        browser.awaitVisible("#builder");
        assertThat(browser.one("#model-choices").getText()).contains("sim-a", "sim-b", HtmlAnsweringServer.MODEL);
        browser.one("textarea[name=prompt_text]").sendKeys("Hello");
        browser.one("#start-campaign").click();
        WebElement name = browser.await(Duration.ofSeconds(10), "the name field's error", d -> fieldError("name"));
        assertThat(name.getText()).isEqualTo("is missing");

        browser.one("#f-name").sendKeys("validation");
        browser.one("#start-campaign").click();
        WebElement models = browser.await(Duration.ofSeconds(10), "the models field's error", d -> fieldError("models"));
        assertThat(models.getText()).isEqualTo("is missing: name at least one model alias or variant id");
        assertThat(browser.one("[data-field='name'] .field-error").getText()).as("old errors cleared").isEmpty();

        browser.one("input[name=model][value=sim-a]").click();
        browser.one("#f-schedule").sendKeys("every night");
        browser.one("#start-campaign").click();
        WebElement schedule = browser.await(Duration.ofSeconds(10), "the schedule field's error", d -> fieldError("schedule"));
        assertThat(schedule.getText()).contains("'every night' is not a valid cron expression");
        browser.screenshot("04-builder-validation");
        browser.one("#f-schedule").clear();
        browser.one("#f-repetitions").sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        browser.one("#start-campaign").click();
        WebElement reps = browser.await(Duration.ofSeconds(10), "the repetitions field's error", d -> fieldError("repetitions"));
        assertThat(reps.getText()).isNotBlank();
        assertPageFits("builder");
        browser.assertNoConsoleErrors("builder", ANY_400);
    }

    @Test
    @Order(4)
    void aCampaignBuiltAndStartedInTheUiShowsItsProgressFillingInLive() throws Exception {
        browser.open("#/campaigns/new");
        browser.awaitVisible("#builder");
        browser.one("#f-name").sendKeys("built in the UI");
        browser.one("input[name=model][value=sim-a]").click();
        browser.one("input[name=model][value=sim-b]").click();
        browser.one("#f-repetitions").sendKeys(Keys.chord(Keys.CONTROL, "a"), "4");
        browser.one("#f-max-tokens").sendKeys("24");
        browser.one("textarea[name=prompt_text]").sendKeys("Explain edge AI in one sentence.");
        browser.one("#add-prompt").click();
        List<WebElement> texts = browser.all("textarea[name=prompt_text]");
        texts.get(1).sendKeys("Write a Python function to sort a list.");
        new Select(browser.all("select[name=prompt_category]").get(1)).selectByValue("code");
        assertThat(browser.one("#spec-preview").getAttribute("textContent")).contains("\"repetitions\": 4", "\"category\": \"code\"");
        browser.one("#start-campaign").click();

        browser.await(Duration.ofSeconds(15), "the campaign page", d -> d.getCurrentUrl().matches(".*#/campaigns/c-[^/]+$")
                && !browser.all("#progress-matrix").isEmpty());
        builtId = browser.driver().getCurrentUrl().replaceAll(".*#/campaigns/", "");
        browser.js("window.__sameDocument = 'campaign';");
        List<String> counts = new ArrayList<>();
        boolean etaSeen = false;
        boolean midShot = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String count = text("#sample-count");
            if (count != null && (counts.isEmpty() || !counts.get(counts.size() - 1).equals(count))) {
                counts.add(count);
            }
            String eta = text("#eta");
            etaSeen |= eta != null && eta.matches(".*ETA (\\d+ (s|min).*|estimating…)");
            if (!midShot && count != null && measured(count)[0] > 0 && measured(count)[0] < measured(count)[1]) {
                browser.screenshot("05-campaign-progress-running");
                midShot = true;
            }
            if ("done".equals(text("#page-campaign h1 .badge"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(text("#page-campaign h1 .badge")).isEqualTo("done");
        // "done" may arrive by event a moment before the last re-read of the cells
        counts.add(browser.await(Duration.ofSeconds(10), "the final count", d -> {
            String c = text("#sample-count");
            return measured(c)[0] == measured(c)[1] ? c : null;
        }));
        int[] last = measured(counts.get(counts.size() - 1));
        // 2 models × 2 prompts × 4 repetitions, and up to 3× that where the stability rule added repetitions
        assertThat(last[0]).as("all measured: " + counts).isEqualTo(last[1]).isBetween(2 * 2 * 4, 3 * 2 * 2 * 4);
        List<Integer> seen = counts.stream().map(c -> measured(c)[0]).distinct().toList();
        assertThat(seen).as("measured samples as the page showed them, without reload").isSorted();
        assertThat(seen.stream().filter(n -> n > 0 && n < last[1]).count()).as("intermediate states seen: " + counts)
                .isGreaterThanOrEqualTo(2);
        assertThat(etaSeen).as("an ETA was shown while it ran").isTrue();
        assertThat(browser.js("return window.__sameDocument")).isEqualTo("campaign");
        browser.await(Duration.ofSeconds(10), "every cell of the matrix settled", d -> browser.all(
                "#progress-matrix td.cell[data-status=pending], #progress-matrix td.cell[data-status=running]").isEmpty());
        // cells × machines: the simulated worker ran them; the OpenAI worker's catalog has neither model
        assertThat(browser.all("#progress-matrix thead th")).hasSize(2 + 2);
        assertThat(browser.all("#progress-matrix td.cell[data-status=done]")).hasSize(4);
        assertThat(browser.all("#progress-matrix td.cell[data-status=does_not_fit]")).hasSize(4);
        assertThat(browser.all("#progress-matrix td.cell[data-status=done]")).allSatisfy(c -> assertThat(c.getText())
                .matches("(\\d+)/\\1"));
        browser.screenshot("06-campaign-progress-done");
        assertPageFits("campaign");
        browser.assertNoConsoleErrors("campaign progress");
    }

    @Test
    @Order(5)
    void aRunningCampaignIsCancelledFromItsPage() throws Exception {
        String id = fleet.post("/api/campaigns", """
                {"name": "to cancel", "models": ["sim-a"], "repetitions": 200, "warmups": 0, "max_tokens": 64,
                 "prompts": [{"id": "long", "text": "Go on and on"}], "machines": {"labels": {"room": "lab-a"}}}""")
                .get("id").asText();
        browser.open("#/campaigns/" + id);
        browser.await(Duration.ofSeconds(20), "samples to arrive", d -> {
            String count = text("#sample-count");
            return count != null && measured(count)[0] > 0;
        });
        click("#cancel-campaign");
        browser.await(Duration.ofSeconds(20), "the campaign to be cancelled", d -> "cancelled".equals(text("#page-campaign h1 .badge")));
        assertThat(browser.all("#cancel-campaign")).as("no cancel button on a cancelled campaign").isEmpty();
        browser.await(Duration.ofSeconds(20), "its cell to show cancelled",
                d -> !browser.all("#progress-matrix td.cell[data-status=cancelled]").isEmpty());
        assertThat(fleet.get("/api/campaigns/" + id).get("state").asText()).isEqualTo("cancelled");
        browser.screenshot("07-campaign-cancelled");
        browser.assertNoConsoleErrors("campaign cancel");
    }

    @Test
    @Order(6)
    void aModelAnswerWithHtmlAndScriptIsShownAsTextAndNothingRuns() throws Exception {
        browser.open("#/campaigns/" + seedId);
        browser.await(Duration.ofSeconds(20), "the seed's answers", d -> !answersWithPayload().isEmpty());
        assertThat(text("#page-campaign h1")).startsWith(SEED_NAME);
        assertNothingRan();
        browser.screenshot("08-answers-as-text");
        browser.assertNoConsoleErrors("campaign answers");
    }

    @Test
    @Order(7)
    void theResultsPageShowsTheHeatmapWithNAndDefinitionsBarsAndDrillDown() throws Exception {
        assertServed("/api/aggregates?campaign=" + seedId + "&by=hardware_class,model");
        browser.open("#/results?campaign=" + seedId);
        browser.await(Duration.ofSeconds(20), "the heatmap", d -> svgText("#heatmap").contains("n="));
        assertThat(browser.all("#groups tbody tr")).hasSize(3);
        String heat = svgText("#heatmap");
        assertThat(heat).contains("sim-a", "sim-b", HtmlAnsweringServer.MODEL);
        for (WebElement v : browser.all("#groups td.metric-value")) {
            assertThat(v.getAttribute("title")).containsIgnoringCase("decode rate").contains("quantile_cont");
        }
        // The story prompt expects "Sure!": only the HTML-answering model passes, the others are marked.
        assertThat(text("#groups tr[data-model='sim-a'] td:nth-child(8)")).contains("✗");
        assertThat(text("#groups tr[data-model='" + HtmlAnsweringServer.MODEL + "'] td:nth-child(8)")).doesNotContain("✗");
        assertThat(heat).contains("✗");
        assertThat(svgText("#bars")).contains("sim-a");
        browser.screenshot("09-results-heatmap");

        choose("#results-metric", "ttft_p90");
        browser.await(Duration.ofSeconds(20), "the TTFT heatmap", d -> text("#page-results h2") != null
                && text("#page-results h2").startsWith("TTFT p90") && svgText("#heatmap").contains("n="));
        assertThat(browser.one("#groups td.metric-value").getAttribute("title")).containsIgnoringCase("time to first token");

        String row = "#groups tr[data-model='" + HtmlAnsweringServer.MODEL + "']";
        int n = Integer.parseInt(text(row + " td:nth-child(4)").lines().findFirst().orElse("").trim());   // n, then the cells line
        assertThat(n).as("measured requests of " + HtmlAnsweringServer.MODEL).isGreaterThanOrEqualTo(6);
        browser.js("performance.clearResourceTimings(); return null");
        click(row + " a.drill");
        // at least the group's n: the samples API also lists measured samples the store set aside (beyond a cell's
        // planned count), which the figures leave out and the sample JSON does not mark
        browser.await(Duration.ofSeconds(20), "the drill-down with the group's samples",
                d -> browser.all("#drilldown table.samples tbody tr").size() >= n);
        assertThat(browser.all("#drilldown table.samples tbody tr")).allSatisfy(r -> assertThat(r.getText())
                .contains(HtmlAnsweringServer.MODEL, "measured"));
        assertThat(browser.all("#drilldown table.samples tbody tr td.quality")).as("score and reason of each answer")
                .anySatisfy(c -> assertThat(c.getText()).contains("pass 1.00", "Sure!"));
        assertThat(text("#drilldown-title")).contains(HtmlAnsweringServer.MODEL);
        // the group's own page of samples from the coordinator, not every sample of the campaign regrouped here
        String fetched = String.valueOf(browser.js("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.includes('/api/campaigns/')).join(' ')"));
        assertThat(fetched).contains("/group-samples?class=").doesNotContain("/samples?offset");
        assertNothingRan();
        browser.screenshot("10-results-drilldown");
        assertPageFits("results");
        browser.assertNoConsoleErrors("results");
    }

    @Test
    @Order(8)
    void theRecommendationsPageShowsPerClassAndUseCaseTheModelAndWhyOthersLost() throws Exception {
        assertServed("/api/recommendations?campaign=" + seedId);
        browser.open("#/recommendations?campaign=" + seedId);
        browser.awaitVisible(".rec-class");
        // classes are fixed by the stored hardware profiles: the HTML-answering worker and the simulated workers
        // are classes of their own, each with its chat row
        WebElement html = browser.awaitAny(".rec-class tr[data-use-case='chat']", HtmlAnsweringServer.MODEL);
        assertThat(html.findElement(By.cssSelector("td.recommended strong")).getText()).isEqualTo(HtmlAnsweringServer.MODEL);
        // the evidence: measured quality with n and interval, what decided, and every why-not's figures on hover
        assertThat(html.findElement(By.cssSelector("td.quality")).getText()).startsWith("1.00 (n=").contains("95 % CI");
        assertThat(html.findElement(By.cssSelector("td.basis")).getText()).isEqualTo("the only model that qualifies");
        WebElement sims = browser.awaitAny(".rec-class tr[data-use-case='chat']", "sim-a: failed quality check");
        assertThat(browser.awaitAny(".rec-class tr[data-use-case='chat']", "sim-b: failed quality check")).isNotNull();
        assertThat(sims.findElements(By.cssSelector("ul.alternatives li")).stream()
                .filter(li -> li.getText().contains("failed quality check")).toList()).isNotEmpty()
                .allSatisfy(li -> assertThat(li.getAttribute("title")).contains("requests: ", "quality: 0.00 (n=",
                        "95 % upper bound", "ratings: none"));
        sims.findElement(By.cssSelector("ul.alternatives li details summary")).click();
        assertThat(sims.findElement(By.cssSelector("ul.alternatives li details[open]")).getText())
                .contains("quality: 0.00", "peak memory: ");
        assertThat(browser.one("#models-json").getAttribute("href")).endsWith("/api/export/models.json?campaign=" + seedId);
        assertThat(fleet.get("/api/export/models.json?campaign=" + seedId).isObject()).isTrue();
        assertThat(browser.one("#report-link").getAttribute("href")).endsWith("/api/campaigns/" + seedId + "/report.html");
        browser.screenshot("11-recommendations");
        assertPageFits("recommendations");
        browser.assertNoConsoleErrors("recommendations");
    }

    @Test
    @Order(9)
    void theComparePageShowsTwoRunsSideBySideAndTheRegressions() throws Exception {
        assertServed("/api/compare?a=campaign:" + seedId + "&b=campaign:" + builtId);
        browser.open("#/compare?a=" + enc("campaign:" + seedId) + "&b=" + enc("campaign:" + builtId));
        browser.awaitVisible("#comparison-table");
        assertThat(browser.all("#comparison-table tbody tr")).isNotEmpty();
        browser.await(Duration.ofSeconds(10), "the regressions", d -> !browser.one("#regressions").getText().isBlank());
        browser.screenshot("12-compare");
        assertPageFits("compare");
        browser.assertNoConsoleErrors("compare");
    }

    @Test
    @Order(10)
    void theAnswersPageShowsTwoAnswersBlindAsTextAndTakesARating() throws Exception {
        assertServed("/api/answers?campaign=" + seedId + "&prompt=story");
        browser.open("#/answers?campaign=" + seedId + "&prompt=story");
        browser.awaitVisible("#rating-form");
        // Pairs are drawn at random from three models: ask for another until the HTML-answering one is in it.
        for (int i = 0; i < 15 && answersWithPayload().isEmpty(); i++) {
            browser.js("window.__pair = document.querySelector('#rating-form');");
            browser.one("#another-pair").click();
            browser.await(Duration.ofSeconds(10), "another pair", d -> Boolean.TRUE.equals(browser.js(
                    "const f = document.querySelector('#rating-form'); return f !== null && f !== window.__pair;")));
        }
        assertThat(browser.all("#answer-a pre.answer, #answer-b pre.answer")).hasSize(2);
        assertThat(text(".prompt-text")).isEqualTo("Tell a story <b>now</b>");
        assertNothingRan();
        for (String side : List.of("a", "b")) {
            for (String c : List.of("accuracy", "clarity", "completeness")) {
                browser.one("input[name='" + side + "-" + c + "'][value='" + (side.equals("a") ? 4 : 2) + "']").click();
            }
        }
        browser.one("#submit-rating").click();
        browser.await(Duration.ofSeconds(10), "the models revealed", d -> text("#rating-result") != null
                && text("#rating-result").contains("A was"));
        browser.screenshot("13-answers");
        assertPageFits("answers");
        browser.assertNoConsoleErrors("answers");
    }

    @Test
    @Order(11)
    void everyPageFitsALaptopScreen() throws Exception {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1024, 700));
        try {
            for (String route : List.of("#/fleet", "#/campaigns", "#/campaigns/new", "#/campaigns/" + builtId, "#/results",
                    "#/recommendations", "#/compare", "#/answers")) {
                browser.open(route);
                browser.await(Duration.ofSeconds(20), route + " to render", d -> "false".equals(
                        browser.one("#view").getAttribute("aria-busy")));
                assertPageFits(route + " at 1024 px");
                if (route.equals("#/results")) {
                    browser.await(Duration.ofSeconds(20), "the heatmap", d -> svgText("#heatmap").contains("n="));
                    browser.screenshot("14-results-1024px");
                }
            }
            assertThat(browser.all("#token-dialog")).as("the token was asked once, on the first page").isEmpty();
        } finally {
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
        browser.assertNoConsoleErrors("every page at 1024 px");
    }

    @Test
    @Order(12)
    @Timeout(300)
    void theResultsPageComparesTheAcceleratorsWithTheCpuVariantAndMarksASuspectedCpuFallback() throws Exception {
        // One Ryzen AI laptop on the Foundry Local double (its own process, G2): phi-4-mini's CPU variant paced every
        // 40 ms computing all the while, the NPU variant every 20 ms idle, the GPU variant as the CPU variant (a
        // silent CPU fallback).
        String npu = "Phi-4-mini-instruct-vitis-npu:2";
        String gpu = "Phi-4-mini-instruct-generic-gpu:5";
        String cpu = "Phi-4-mini-instruct-generic-cpu:4";
        int port = fleet.foundryDouble("foundry", List.of("--api", "G2", "--variants", String.join(",", npu, gpu, cpu),
                "--cached", String.join(",", npu, gpu, cpu), "--interval", cpu + "=40," + npu + "=20," + gpu + "=40",
                "--busy", cpu + "=40," + gpu + "=40"));
        HardwareProfile r = Fixtures.ryzenAiLaptop();
        Path profile = Files.writeString(dir.resolve("ryzen.json"), Json.write(new HardwareProfile(r.machineId(),
                r.hostname(), r.os(), r.cpu(), r.memory(), r.gpus(), r.npus(), new PowerInfo(PowerSource.AC, true, 100.0),
                r.notes())));
        fleet.worker("w-foundry", List.of("--engine", "foundry", "--endpoint", "http://127.0.0.1:" + port,
                "--hardware-profile", profile.toString(), "--label", "room=lab-c"),
                Map.of("FLEETBENCH_FOUNDRY_CLI", fleet.foundryCli("foundry").toString()));
        fleet.await("/api/workers", Duration.ofSeconds(90), "the Foundry worker", w -> w.size() == 3);
        String id = fleet.post("/api/campaigns", """
                {"name": "cpu vs npu vs gpu", "models": ["phi-4-mini"], "devices": ["cpu", "npu", "gpu"],
                 "repetitions": 5, "warmups": 1, "max_repetition_factor": 1, "max_tokens": 16,
                 "machines": {"labels": {"room": "lab-c"}},
                 "prompts": [{"id": "story", "category": "chat", "text": "Once upon a time"}]}""").get("id").asText();
        fleet.await("/api/campaigns/" + id, Duration.ofSeconds(180), "the devices campaign to finish",
                c -> c.get("state").asText().equals("done"));
        JsonNode rows = fleet.get("/api/acceleration?campaign=" + id).get("rows");
        assertThat(rows).hasSize(2);

        browser.open("#/results?campaign=" + id);
        browser.await(Duration.ofSeconds(20), "the acceleration table", d -> browser.all("#acceleration tbody tr").size() == 2);
        for (JsonNode row : rows) {
            String tr = "#acceleration tr[data-device='" + row.get("device").asText() + "']";
            JsonNode s = row.get("decode_speedup");
            assertThat(text(tr + " td.speedup")).isEqualTo(String.format(Locale.ROOT, "%.2f× (95 %% CI %.2f–%.2f)",
                    s.get("estimate").asDouble(), s.get("ci_low").asDouble(), s.get("ci_high").asDouble()));
            assertThat(text(tr + " td.ttft-ratio")).startsWith(String.format(Locale.ROOT, "%.2f×",
                    row.get("ttft_ratio").get("estimate").asDouble()));
            assertThat(text(tr + " td.pairs")).startsWith("5 / 5").contains("1 machine");
            assertThat(text(tr)).contains("phi-4-mini", row.get("variant").asText(),
                    row.get("device").asText().toUpperCase(Locale.ROOT));
            int flagged = row.get("suspected_cpu_fallback").asInt();
            if (flagged > 0) {
                assertThat(text(tr + " td.marks")).isEqualTo("⇣CPU ×" + flagged);
                assertThat(browser.one(tr + " td.marks .mark").getAttribute("title")).contains("Suspected CPU fallback",
                        flagged + " flagged requests");
                assertThat(browser.one(tr).getAttribute("class")).contains("flagged");
            } else {
                assertThat(text(tr + " td.marks")).isEmpty();
            }
        }
        // the GPU variant ran as the CPU variant, computing all the while: flagged (most requests; each request's CPU
        // share is read in 10 ms ticks on a shared machine) and marked
        int gpuFlagged = java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .filter(x -> x.get("device").asText().equals("gpu")).findFirst().orElseThrow()
                .get("suspected_cpu_fallback").asInt();
        assertThat(gpuFlagged).isBetween(3, 5);
        assertThat(text("#acceleration tr[data-device='gpu'] td.marks")).isEqualTo("⇣CPU ×" + gpuFlagged);
        browser.js("document.querySelector('#acceleration').scrollIntoView({block: 'center'});");
        browser.screenshot("15-results-acceleration");
        assertPageFits("results with acceleration");
        browser.assertNoConsoleErrors("results with acceleration");
    }

    @Test
    @Order(13)
    void theResultsPageDrawsTtftAndPrefillAgainstPromptLengthForAContextSweep() throws Exception {
        // the simulated engine exposes no tokenizer: its prompts are approximated, and the page says so
        String id = fleet.post("/api/campaigns", """
                {"name": "prompt lengths", "models": ["sim-a"], "context": [64, 256], "repetitions": 2, "warmups": 0,
                 "max_repetition_factor": 1, "max_tokens": 4, "machines": {"labels": {"room": "lab-a"}}}""")
                .get("id").asText();
        fleet.await("/api/campaigns/" + id, Duration.ofSeconds(120), "the context campaign to finish",
                c -> c.get("state").asText().equals("done"));
        JsonNode rows = fleet.get("/api/campaigns/" + id + "/context").get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("ttft_ms").get("n").asInt()).isEqualTo(2));

        browser.open("#/results?campaign=" + id);
        browser.await(Duration.ofSeconds(20), "the prompt-length table", d -> browser.all("#context-table tbody tr").size() == 2);
        browser.await(Duration.ofSeconds(20), "the TTFT line chart", d -> svgText("#context-ttft-chart").contains("sim-a"));
        assertThat(svgText("#context-ttft-chart")).contains("prompt tokens");
        assertThat(browser.all("#context-ttft-chart svg path")).as("the line and its points are drawn").isNotEmpty();
        assertThat(svgText("#context-prefill-chart")).contains("sim-a", "prompt tokens");
        assertThat(text("#context-table tr[data-tokens='64']")).contains("sim-a", "64", "2 approximate lengths");
        assertThat(text("#context-table tr[data-tokens='256']")).contains("256");
        assertThat(text("#context-basis")).contains("64, 256 tokens").contains("pooled raw measured samples");
        browser.js("document.querySelector('#context-view').scrollIntoView({block: 'start'});");
        browser.screenshot("16-results-prompt-length");
        assertPageFits("results with prompt length");
        browser.assertNoConsoleErrors("results with prompt length");

        // a campaign that swept no lengths shows no prompt-length section
        browser.open("#/results?campaign=" + seedId);
        browser.await(Duration.ofSeconds(20), "the heatmap", d -> svgText("#heatmap").contains("n="));
        assertThat(browser.all("#context-table")).isEmpty();
    }

    // ---- helpers ----

    /** Clicks the element, looking it up again if the page redrew it meanwhile. */
    private void click(String css) {
        browser.await(Duration.ofSeconds(10), "to click " + css, d -> {
            browser.one(css).click();
            return true;
        });
    }

    /** Picks an option as a person would, looking the list up again if the page redrew it meanwhile. */
    private void choose(String css, String value) {
        browser.await(Duration.ofSeconds(10), "to choose '" + value + "' in " + css, d -> {
            new Select(browser.one(css)).selectByValue(value);
            return true;
        });
    }

    private WebElement fieldError(String field) {
        List<WebElement> e = browser.all("[data-field='" + field + "'] > .field-error");
        return e.isEmpty() || e.get(0).getText().isBlank() ? null : e.get(0);
    }

    /** The rendered text of the first match, read in one step (pages redraw as events arrive); null when none. */
    private String text(String css) {
        Object t = browser.js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
        return t == null ? null : t.toString();
    }

    private String svgText(String css) {
        Object t = browser.js("const e = document.querySelector(arguments[0] + ' svg'); return e ? e.textContent : '';", css);
        return String.valueOf(t);
    }

    /** "12/40 measured samples" → {12, 40}. */
    private static int[] measured(String text) {
        Matcher m = Pattern.compile("(\\d+)/(\\d+) measured").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private List<String> answersWithPayload() {
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) browser.js("return [...document.querySelectorAll('pre.answer')].map(p => p.textContent)");
        return texts.stream().filter(HtmlAnsweringServer.ANSWER::equals).toList();
    }

    /** The payload is on the page, character for character, as text; no element of it exists; nothing of it ran. */
    private void assertNothingRan() {
        assertThat(answersWithPayload()).as("the answer shown as text, exactly").isNotEmpty();
        assertThat(browser.js("return window.__pwned === undefined")).as("window.__pwned set by a payload").isEqualTo(true);
        assertThat(browser.js("return document.querySelectorAll('#view img, #view script, #view b, a[href^=\"javascript\"]').length"))
                .as("elements from a model answer").isEqualTo(0L);
    }

    /** The page has no horizontal scroll bar: wide tables scroll inside their own box. */
    private void assertPageFits(String page) {
        Object over = browser.js("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) over).longValue()).as(page + " wider than the window by").isLessThanOrEqualTo(0);
    }

    /** The route answers 200: a page whose route is missing fails here, never skips. */
    private void assertServed(String path) throws Exception {
        assertThat(fleet.status(path)).as("GET " + path).isEqualTo(200);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
