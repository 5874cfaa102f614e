package dev.fleetbench.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards of the web UI's sources that need no browser: no HTML is ever built from strings (model answers are
 * untrusted text), and nothing is loaded from outside the coordinator (no CDN).
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
}
