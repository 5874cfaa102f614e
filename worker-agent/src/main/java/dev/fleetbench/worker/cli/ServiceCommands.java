package dev.fleetbench.worker.cli;

import dev.fleetbench.worker.service.ServiceDefinition;
import dev.fleetbench.worker.service.ServicePlan;
import dev.fleetbench.worker.service.ServicePlans;
import dev.fleetbench.worker.service.ServicePlatform;
import dev.fleetbench.worker.service.WorkerCommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code fleetbench worker install-service | uninstall-service | service-status}: the worker as a service of the OS
 * (systemd, launchd, Task Scheduler), started at boot and restarted when it dies. {@code --dry-run} prints the file
 * and the commands and changes nothing.
 */
final class ServiceCommands {

    private ServiceCommands() {
    }

    /** Options every service command shares: which service, where, and whether to act. */
    static class Target {
        @Option(names = "--name", defaultValue = "fleetbench-worker", description = "Service name (default ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--user", description = "A service of your user (systemd --user; the launchd agent, macOS's"
                + " default; on Windows a task at your logon, in your session: needed for Foundry Local's alias)")
        boolean user;

        @Option(names = "--system", description = "A system-wide service (systemd's and Windows' default; a launchd"
                + " daemon on macOS)")
        boolean system;

        @Option(names = "--account", description = "Account the service runs as (systemd User=, launchd UserName,"
                + " the Windows task's account; default: root/SYSTEM, or you with --user)")
        String account;

        @Option(names = "--dry-run", description = "Print what would be written and run, change nothing")
        boolean dryRun;

        @Spec
        CommandLine.Model.CommandSpec spec;

        ServicePlatform platform() {
            return ServicePlatform.of(System.getProperty("os.name"));
        }

        boolean userScope(ServicePlatform p) {
            if (user && system) {
                throw new IllegalArgumentException("--user and --system exclude each other");
            }
            return user || (p == ServicePlatform.LAUNCHD && !system);
        }

        ServicePlans plans(ServicePlatform p, Path dataDir) {
            return new ServicePlans(p, Path.of(System.getProperty("user.home")), dataDir, p == ServicePlatform.LAUNCHD ? uid() : "");
        }

        ServiceDefinition definition(ServicePlatform p, List<String> command) {
            Path home = Path.of(System.getProperty("user.home"));
            return new ServiceDefinition(name, command, Path.of("").toAbsolutePath().toString(), account, userScope(p),
                    home.resolve("Library/Logs/FleetBench").toString());
        }

        /** Prints the plan; runs it unless this is a dry run. Returns the exit code of the first failing command. */
        int carryOut(ServicePlan plan, String doing) throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            if (plan.content() != null) {
                out.println((dryRun ? "would write " : "writing ") + plan.file() + ":");
                out.println(plan.content());
            }
            if (!dryRun && plan.content() != null) {
                Files.createDirectories(plan.file().toAbsolutePath().getParent());
                Files.write(plan.file(), plan.utf16()
                        ? ("\uFEFF" + plan.content().replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_16LE)
                        : plan.content().getBytes(StandardCharsets.UTF_8));
            }
            for (List<String> c : plan.commands()) {
                out.println((dryRun ? "would run: " : "running: ") + String.join(" ", c));
                out.flush();
                if (!dryRun) {
                    int code = new ProcessBuilder(c).inheritIO().start().waitFor();
                    if (code != 0 && !doing.equals("status")) {
                        spec.commandLine().getErr().println("fleetbench: '" + String.join(" ", c) + "' failed with exit code "
                                + code + " while " + doing + " the service");
                        return code;
                    }
                }
            }
            plan.notes().forEach(out::println);
            out.flush();
            return 0;
        }

        private static String uid() {
            try {
                Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
                String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor() == 0 && id.matches("\\d+") ? id : "501";
            } catch (IOException e) {
                return "501";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "501";
            }
        }
    }

    @Command(name = "install-service", mixinStandardHelpOptions = true,
            description = {"Install this worker as a service that starts at boot and restarts when it dies.",
                "Every other option is the worker's own (--join, --engine, --label, --cluster-secret-file, ...);"
                        + " secrets stay in the files they name.",
                "Example: fleetbench worker install-service --join 10.0.0.5:5801 --host 10.0.0.23 --engine foundry"})
    static final class Install extends Target implements Callable<Integer> {

        @Unmatched
        List<String> workerArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            // The same parser the worker uses: a typo fails here, not at 02:00 in a service log.
            WorkerCommand check = new WorkerCommand();
            new CommandLine(check).parseArgs(workerArgs.toArray(String[]::new));
            Path dataDir = check.engineOptions.dataDir().toAbsolutePath();
            ServicePlatform p = platform();
            List<String> command = WorkerCommandLine.of(launcher(), workerArgs, System.getenv(), dataDir);
            ServiceDefinition d = definition(p, command);
            int code = carryOut(plans(p, dataDir).install(d), "installing");
            if (code == 0) {
                spec.commandLine().getOut().println((dryRun ? "Would install " : "Installed ") + d.name()
                        + ". Remove it with: fleetbench worker uninstall-service"
                        + (d.name().equals("fleetbench-worker") ? "" : " --name " + d.name())
                        + (d.userScope() && p != ServicePlatform.LAUNCHD ? " --user" : "")
                        + (!d.userScope() && p == ServicePlatform.LAUNCHD ? " --system" : ""));
            }
            return code;
        }

        /** The installation's launcher when started through one, else this JVM with this jar. */
        private static List<String> launcher() {
            String launcher = System.getenv("FLEETBENCH_LAUNCHER");
            if (launcher != null && Files.isRegularFile(Path.of(launcher))) {
                return List.of(Path.of(launcher).toAbsolutePath().toString());
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            try {
                Path jar = Path.of(ServiceCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    return List.of(java, "-jar", jar.toAbsolutePath().toString());
                }
            } catch (java.net.URISyntaxException | SecurityException e) {
                // fall through: not started from a jar
            }
            throw new IllegalArgumentException("start install-service through the fleetbench launcher (or java -jar"
                    + " fleetbench-worker.jar): it must know the command the service will run");
        }
    }

    @Command(name = "uninstall-service", mixinStandardHelpOptions = true,
            description = {"Stop and remove the worker service that install-service installed.",
                "Example: fleetbench worker uninstall-service"})
    static final class Uninstall extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServicePlatform p = platform();
            Path dataDir = Path.of(System.getProperty("user.home"), ".fleetbench");
            ServiceDefinition d = definition(p, List.of("fleetbench"));
            ServicePlan plan = plans(p, dataDir).uninstall(d);
            int code = carryOut(plan, "removing");
            if (code == 0 && !dryRun) {
                Files.deleteIfExists(plan.file());
                spec.commandLine().getOut().println("Removed " + plan.file());
            } else if (dryRun) {
                spec.commandLine().getOut().println("would delete " + plan.file());
            }
            return code;
        }
    }

    @Command(name = "service-status", mixinStandardHelpOptions = true,
            description = {"Show the state of the worker service as its service manager reports it.",
                "Example: fleetbench worker service-status"})
    static final class Status extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServicePlatform p = platform();
            ServiceDefinition d = definition(p, List.of("fleetbench"));
            ServicePlan plan = plans(p, Path.of(System.getProperty("user.home"), ".fleetbench")).status(d);
            spec.commandLine().getOut().println(Files.exists(plan.file()) ? "definition: " + plan.file()
                    : "not installed (no " + plan.file() + ")");
            return Files.exists(plan.file()) ? carryOut(plan, "status") : 1;
        }
    }
}
