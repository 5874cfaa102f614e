package dev.fleetbench.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.cli.CommandCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code fleetbench --help} runs the worker's jar (the launcher sends every command but the coordinator's there): it
 * must list every command of both jars with its description and example, and the launchers must send each
 * coordinator command to the coordinator's jar.
 */
class OneCliHelpTest {

    @Test
    void helpOfTheWorkerJarListsEveryCommandOfBothJarsWithADescriptionAndAnExample() {
        String help = run("--help");
        for (CommandCatalog.Entry e : CommandCatalog.ALL) {
            assertThat(help).as(e.name()).containsPattern("(?m)^  " + e.name() + " +" + Pattern.quote(e.description()));
            assertThat(help).as(e.name()).contains("e.g. " + e.example());
        }
        assertThat(run()).as("no command at all shows the same").isEqualTo(help);
        assertThat(help).contains("fleetbench COMMAND --help");
    }

    @Test
    void everyCommandOfTheWorkerJarIsInTheCatalogAsAWorkerCommand() {
        assertThat(new CommandLine(new WorkerMain()).getSubcommands().keySet())
                .containsExactlyInAnyOrderElementsOf(CommandCatalog.names(CommandCatalog.Side.WORKER));
    }

    @Test
    void theLaunchersSendEachCoordinatorCommandToTheCoordinatorsJar() throws IOException {
        List<String> coordinator = CommandCatalog.names(CommandCatalog.Side.COORDINATOR);
        Path root = Path.of("..");
        for (Path sh : List.of(root.resolve("fleetbench"), root.resolve("dist/src/bin/fleetbench"))) {
            Matcher m = Pattern.compile("(?m)^\\s*([a-z|]+)\\) jar=.*coordinator").matcher(Files.readString(sh));
            assertThat(m.find()).as(sh.toString()).isTrue();
            assertThat(List.of(m.group(1).split("\\|"))).as(sh.toString()).containsExactlyInAnyOrderElementsOf(coordinator);
        }
        String cmd = Files.readString(root.resolve("fleetbench.cmd"));
        for (String c : coordinator) {
            assertThat(cmd).as("fleetbench.cmd").contains("if /I \"%~1\"==\"" + c + "\" set \"JAR=%HERE%coordinator");
        }
        Matcher m = Pattern.compile("for %%c in \\(([a-z ]+)\\) do if /I \"%~1\"==\"%%c\" set \"JAR=%HERE%lib\\\\"
                + "fleetbench-coordinator.jar\"").matcher(Files.readString(root.resolve("dist/src/bin/fleetbench.cmd")));
        assertThat(m.find()).as("dist fleetbench.cmd").isTrue();
        assertThat(List.of(m.group(1).split(" "))).containsExactlyInAnyOrderElementsOf(coordinator);
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(WorkerMain.execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
