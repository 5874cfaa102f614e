package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.cli.CommandCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The coordinator's jar prints the same top-level help as the worker's: every command of the launcher. */
class OneCliHelpTest {

    @Test
    void helpOfTheCoordinatorJarListsEveryCommandOfBothJars() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(CoordinatorMain.execute("--help")).isZero();
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (CommandCatalog.Entry e : CommandCatalog.ALL) {
            assertThat(help).as(e.name()).containsPattern("(?m)^  " + e.name() + " +" + Pattern.quote(e.description()));
            assertThat(help).as(e.name()).contains("e.g. " + e.example());
        }
        assertThat(help).isEqualTo(CoordinatorMain.help());
    }

    @Test
    void everyCommandOfTheCoordinatorJarIsInTheCatalogAsACoordinatorCommand() {
        assertThat(new CommandLine(new CoordinatorMain()).getSubcommands().keySet())
                .containsExactlyInAnyOrderElementsOf(CommandCatalog.names(CommandCatalog.Side.COORDINATOR));
    }
}
