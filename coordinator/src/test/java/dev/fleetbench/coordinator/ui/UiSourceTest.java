package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.coordinator.domain.results.Terms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards of the web UI's sources that need no browser: no HTML is ever built from strings (model answers are
 * untrusted text), nothing is loaded from outside the coordinator (no CDN), no definition of a figure is written a
 * second time (the UI reads them from {@code GET /api/metrics}), and no page hides a missing route.
 */
class UiSourceTest {

    private static final Path UI = Path.of("..", "web-ui", "src", "main", "resources", "fleetbench-ui");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(UI)) {
            return files.filter(p -> p.toString().matches(".*\\.(js|html|css)$")).sorted().toList();
        }
    }

    @Test
    void noSourceTurnsStringsIntoHtmlOrCode() throws IOException {
        Pattern unsafe = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(");
        assertThat(sources()).isNotEmpty().allSatisfy(p -> assertThat(Files.readString(p)).as(p.toString())
                .doesNotContainPattern(unsafe));
    }

    @Test
    void everythingIsServedByTheCoordinatorItself() throws IOException {
        Pattern remote = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|import\\s*\\(?\\s*[\"'](https?:)?//");
        assertThat(sources()).allSatisfy(p -> assertThat(Files.readString(p)).as(p.toString()).doesNotContainPattern(remote));
    }

    @Test
    void theUiReadsTheDefinitionsFromTheApiAndWritesNoneItself() throws IOException {
        List<String> texts = new java.util.ArrayList<>(Terms.ALL.values());
        java.util.Arrays.stream(Metric.values()).forEach(m -> texts.add(m.definition()));
        // the formulas of metrics.md, which a copied definition would carry
        texts.addAll(List.of("t_first − t_send", "(n_out − 1)", "quantile_cont", "1.4826"));
        assertThat(sources()).allSatisfy(p -> {
            String source = Files.readString(p);
            assertThat(texts).as(p.toString()).noneSatisfy(t -> assertThat(source).contains(t));
        });
        assertThat(Files.readString(UI.resolve("js/format.js"))).contains("get('/api/metrics')");
    }

    @Test
    void noPageHidesAMissingRoute() throws IOException {
        assertThat(sources()).allSatisfy(p -> assertThat(Files.readString(p)).as(p.toString())
                .doesNotContain("does not serve").doesNotContain("missingEndpoint"));
    }
}
