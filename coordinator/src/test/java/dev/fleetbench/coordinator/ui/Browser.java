package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, with the browser console collected so that tests can
 * assert that a page logged no error. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String base;
    /** Console entries read so far and not yet checked. */
    private final List<LogEntry> console = new ArrayList<>();

    /** True where Debian's Chromium and its ChromeDriver are installed. */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test class, with the reason, where Chromium or ChromeDriver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver (.ci/run installs them)");
    }

    public Browser(String base, int width, int height) throws IOException {
        this.base = base;
        this.profile = Files.createTempDirectory("fleetbench-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the networking flags Chromium keeps calling home, and this closed network refuses it loudly.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Opens a route of the single-page UI ("#/fleet"); within the page this is a hash change, not a reload, so the
     * session (its token) and the event stream stay.
     */
    public void open(String hashRoute) {
        String url = base + "/" + hashRoute;
        if (url.equals(driver.getCurrentUrl())) {
            driver.navigate().refresh(); // the same hash fires no hashchange: start the page afresh
        } else {
            driver.get(url);
        }
    }

    public <T> T await(Duration max, String what, Function<WebDriver, T> condition) {
        // Pages redraw as events arrive: an element found a moment ago may be gone, so look again.
        return new WebDriverWait(driver, max, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits until the first element matching css shows text containing the given text; returns its text. */
    String awaitText(String css, String contains) {
        return await(Duration.ofSeconds(20), "'" + css + "' to show '" + contains + "'", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            String t = found.isEmpty() ? "" : found.get(0).getText();
            return t.contains(contains) ? t : null;
        });
    }

    /** The first element matching css whose text contains the given text, once there is one. */
    WebElement awaitAny(String css, String contains) {
        return await(Duration.ofSeconds(20), "any '" + css + "' to show '" + contains + "'", d -> d
                .findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(contains)).findFirst()
                .orElse(null));
    }

    WebElement awaitVisible(String css) {
        return await(Duration.ofSeconds(20), "'" + css + "' to be visible", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a full-window screenshot as target/screenshots/NAME.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
        return to;
    }

    /** Reads the console entries the browser has collected since the last read. */
    List<LogEntry> drainConsole() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        List<LogEntry> out = List.copyOf(console);
        console.clear();
        return out;
    }

    /**
     * Asserts that nothing was logged at error level since the last check, apart from entries matching one of the
     * expected patterns (a test that provokes a 400 or 401 on purpose sees the browser report it).
     */
    public void assertNoConsoleErrors(String page, Pattern... expected) {
        List<String> errors = drainConsole().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> Arrays.stream(expected).noneMatch(p -> p.matcher(m).find()))
                .toList();
        assertThat(errors).as("console errors on " + page).isEmpty();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
