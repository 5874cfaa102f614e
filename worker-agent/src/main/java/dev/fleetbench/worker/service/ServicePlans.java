package dev.fleetbench.worker.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each service manager keeps a definition and which commands install, remove and query it. Pure: the home
 * folder, the data folder and the numeric user id come in from outside.
 *
 * @param platform the service manager
 * @param home     the installing user's home folder
 * @param dataDir  the worker's data folder (Windows keeps the task XML there)
 * @param uid      numeric user id (launchd's {@code gui/UID} domain); ignored elsewhere
 */
public record ServicePlans(ServicePlatform platform, Path home, Path dataDir, String uid) {

    public ServicePlan install(ServiceDefinition d) {
        List<String> notes = new ArrayList<>();
        return switch (platform) {
            case SYSTEMD -> {
                String unit = d.name() + ".service";
                List<List<String>> cmds = List.of(systemctl(d, "daemon-reload"), systemctl(d, "enable", "--now", unit));
                if (d.userScope()) {
                    notes.add("A --user service runs while you are logged in; for boot without a login run"
                            + " 'loginctl enable-linger " + (d.account() == null ? "$USER" : d.account()) + "' once.");
                }
                notes.add("Logs: journalctl " + (d.userScope() ? "--user " : "") + "-u " + unit);
                yield new ServicePlan(systemdFile(d), SystemdUnit.render(d), false, cmds, notes);
            }
            case LAUNCHD -> {
                notes.add("Logs: " + d.logDirectory() + "/" + d.name() + ".err.log");
                yield new ServicePlan(launchdFile(d), LaunchdPlist.render(d), false,
                        List.of(List.of("launchctl", "bootstrap", launchdDomain(d), launchdFile(d).toString())), notes);
            }
            case WINDOWS_TASK -> {
                List<String> create = new ArrayList<>(List.of("schtasks", "/Create", "/TN", WindowsTask.taskName(d),
                        "/XML", windowsFile(d).toString(), "/F"));
                if (d.account() != null && !d.userScope()) {
                    create.addAll(List.of("/RU", d.account(), "/RP"));   // schtasks asks for the password itself
                    notes.add("schtasks asks for the password of " + d.account() + "; it is stored by Windows, not by FleetBench.");
                }
                if (d.userScope()) {
                    notes.add("The task runs in your logged-on session: the only place where Foundry Local's"
                            + " foundry.exe app-execution alias works.");
                }
                notes.add("Logs: Task Scheduler > FleetBench > " + d.name() + " > History");
                yield new ServicePlan(windowsFile(d), WindowsTask.render(d), true,
                        List.of(create, List.of("schtasks", "/Run", "/TN", WindowsTask.taskName(d))), notes);
            }
        };
    }

    public ServicePlan uninstall(ServiceDefinition d) {
        return switch (platform) {
            case SYSTEMD -> new ServicePlan(systemdFile(d), null, false,
                    List.of(systemctl(d, "disable", "--now", d.name() + ".service")), List.of());
            case LAUNCHD -> new ServicePlan(launchdFile(d), null, false,
                    List.of(List.of("launchctl", "bootout", launchdDomain(d) + "/" + LaunchdPlist.label(d))), List.of());
            case WINDOWS_TASK -> new ServicePlan(windowsFile(d), null, true, List.of(
                    List.of("schtasks", "/End", "/TN", WindowsTask.taskName(d)),
                    List.of("schtasks", "/Delete", "/TN", WindowsTask.taskName(d), "/F")), List.of());
        };
    }

    public ServicePlan status(ServiceDefinition d) {
        return switch (platform) {
            case SYSTEMD -> new ServicePlan(systemdFile(d), null, false,
                    List.of(systemctl(d, "status", "--no-pager", d.name() + ".service")), List.of());
            case LAUNCHD -> new ServicePlan(launchdFile(d), null, false,
                    List.of(List.of("launchctl", "print", launchdDomain(d) + "/" + LaunchdPlist.label(d))), List.of());
            case WINDOWS_TASK -> new ServicePlan(windowsFile(d), null, true,
                    List.of(List.of("schtasks", "/Query", "/TN", WindowsTask.taskName(d), "/V", "/FO", "LIST")), List.of());
        };
    }

    Path systemdFile(ServiceDefinition d) {
        return d.userScope() ? home.resolve(".config/systemd/user/" + d.name() + ".service")
                : Path.of("/etc/systemd/system/" + d.name() + ".service");
    }

    Path launchdFile(ServiceDefinition d) {
        String file = LaunchdPlist.label(d) + ".plist";
        return d.userScope() ? home.resolve("Library/LaunchAgents/" + file) : Path.of("/Library/LaunchDaemons/" + file);
    }

    Path windowsFile(ServiceDefinition d) {
        return dataDir.resolve("service").resolve(d.name() + ".xml");
    }

    private String launchdDomain(ServiceDefinition d) {
        return d.userScope() ? "gui/" + uid : "system";
    }

    private static List<String> systemctl(ServiceDefinition d, String... args) {
        List<String> c = new ArrayList<>(List.of("systemctl"));
        if (d.userScope()) {
            c.add("--user");
        }
        c.addAll(List.of(args));
        return c;
    }
}
