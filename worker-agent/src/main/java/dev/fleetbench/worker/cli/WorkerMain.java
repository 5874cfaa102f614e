package dev.fleetbench.worker.cli;

import dev.fleetbench.worker.app.AgentVersion;
import dev.fleetbench.common.cli.CommandCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The worker-side command line: {@code hardware}, {@code models}, {@code bench}. Errors the user can fix are printed
 * as one line (no stack trace; set FLEETBENCH_DEBUG=1 to see it). Always ends with {@code System.exit}: the
 * llama.cpp binding leaves a non-daemon native thread alive.
 */
@Command(name = "fleetbench", mixinStandardHelpOptions = true, versionProvider = WorkerMain.Version.class,
        description = "Benchmark local LLMs on this machine or as part of a FleetBench fleet.",
        subcommands = {HardwareCommand.class, ModelsCommand.class, BenchCommand.class, WorkerCommand.class})
public final class WorkerMain implements Runnable {

    @Override
    public void run() {
        System.out.print(help());
    }

    /** The top-level help: every command of the launcher, this jar's and the other's ({@link CommandCatalog}). */
    public static String help() {
        CommandLine cli = new CommandLine(new WorkerMain());
        CommandCatalog.install(cli);
        return cli.getUsageMessage();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code (tests call this; main exits with it). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new WorkerMain());
        CommandCatalog.install(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("FLEETBENCH_DEBUG") != null) {
                e.printStackTrace();
            }
            cmd.getErr().println("fleetbench " + cmd.getCommandName() + ": " + describe(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code --version}: the agent version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"FleetBench " + AgentVersion.get()};
        }
    }
}
