package dev.fleetbench.common.cli;

import java.util.List;
import java.util.Locale;

/**
 * Every command of the one {@code fleetbench} launcher, with a one-line description and an example: the launcher
 * runs the worker's jar or the coordinator's jar depending on the command, and both jars print this list as their
 * top-level help, so {@code fleetbench --help} lists all of them whichever jar answers. Tests check that each jar's
 * commands are here with its side, and that the launchers send each command to its jar.
 */
public final class CommandCatalog {

    /** Which jar runs the command. */
    public enum Side { WORKER, COORDINATOR }

    /**
     * @param name        the command's name
     * @param side        the jar that runs it
     * @param description one line for people
     * @param example     a command line that works as written (host names and ids aside)
     */
    public record Entry(String name, Side side, String description, String example) {
    }

    public static final List<Entry> ALL = List.of(
            new Entry("demo", Side.COORDINATOR, "A whole fleet on this machine: coordinator, workers, a campaign, the"
                    + " results table", "fleetbench demo --workers 3"),
            new Entry("coordinator", Side.COORDINATOR, "Run the coordinator: fleet, campaigns, result store, REST API"
                    + " and web UI", "fleetbench coordinator --http-host 0.0.0.0 --cluster-host 10.0.0.5"),
            new Entry("campaign", Side.COORDINATOR, "Submit, list, follow and cancel campaigns on a coordinator",
                    "fleetbench campaign status c-1a2b3c --follow"),
            new Entry("fleet", Side.COORDINATOR, "List workers; approve or reject new ones, acknowledge changed"
                    + " hardware", "fleetbench fleet approve w-3f2a9c"),
            new Entry("federate", Side.COORDINATOR, "Copy finished campaigns from site coordinators into a hub",
                    "fleetbench federate --site paris=http://10.1.0.5:8470"),
            new Entry("worker", Side.WORKER, "Join a coordinator's fleet and run the work it leases (install-service:"
                    + " start it at boot)", "fleetbench worker --join 10.0.0.5:5801 --engine foundry"),
            new Entry("bench", Side.WORKER, "Benchmark models on this machine alone and recommend one",
                    "fleetbench bench --model stories260K"),
            new Entry("hardware", Side.WORKER, "Print this machine's hardware profile and hardware class",
                    "fleetbench hardware"),
            new Entry("models", Side.WORKER, "List the models the engine can run here, cached or loaded",
                    "fleetbench models --engine embedded"));

    private CommandCatalog() {
    }

    /** The commands of one side, by name. */
    public static List<String> names(Side side) {
        return ALL.stream().filter(e -> e.side() == side).map(Entry::name).toList();
    }

    /** The command list of the top-level help: name and description, then the example, one command after another. */
    public static String listing() {
        int width = ALL.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (Entry e : ALL) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", e.name(), e.description()));
            b.append(String.format(Locale.ROOT, "  %-" + width + "s    e.g. %s%n", "", e.example()));
        }
        b.append(String.format(Locale.ROOT, "%nfleetbench COMMAND --help shows a command's options.%n"));
        return b.toString();
    }

    /** Puts {@link #listing()} in place of picocli's own command list (which would show one jar's commands only). */
    public static void install(picocli.CommandLine cli) {
        cli.getHelpSectionMap().put(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> listing());
    }
}
