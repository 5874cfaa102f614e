package dev.fleetbench.coordinator.cli;

import dev.fleetbench.common.cli.CommandCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The coordinator-side command line: {@code coordinator}, {@code campaign}, {@code demo}. Errors the user can fix are
 * one line on stderr (set FLEETBENCH_DEBUG=1 for the stack trace). Always exits explicitly.
 */
@Command(name = "fleetbench", mixinStandardHelpOptions = true, versionProvider = CoordinatorMain.Version.class,
        description = "FleetBench coordinator: fleet, campaigns, results, web UI.",
        subcommands = {CoordinatorCommand.class, CampaignCommand.class, FleetCommand.class, FederateCommand.class,
            DemoCommand.class})
public final class CoordinatorMain implements Runnable {

    @Override
    public void run() {
        System.out.print(help());
    }

    /** The top-level help: every command of the launcher, this jar's and the other's ({@link CommandCatalog}). */
    public static String help() {
        CommandLine cli = new CommandLine(new CoordinatorMain());
        CommandCatalog.install(cli);
        return cli.getUsageMessage();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CoordinatorMain());
        CommandCatalog.install(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("FLEETBENCH_DEBUG") != null) {
                e.printStackTrace();
            }
            Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            cmd.getErr().println("fleetbench " + cmd.getCommandName() + ": "
                    + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
            return t instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    /** The version from the jar manifest. */
    static String version() {
        String v = CoordinatorMain.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"FleetBench " + version()};
        }
    }
}
