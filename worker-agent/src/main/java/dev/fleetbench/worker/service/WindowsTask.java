package dev.fleetbench.worker.service;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Windows Task Scheduler definition (schema 1.2, as {@code schtasks /Create /XML} reads it) that starts the worker
 * at boot — or, with {@link ServiceDefinition#userScope()}, at the user's logon inside that user's session, which is
 * where Foundry Local's {@code foundry.exe} app-execution alias works — and restarts it every minute when it fails.
 * It also runs on battery: Task Scheduler's default would keep a laptop's worker from starting unplugged. Pure.
 */
public final class WindowsTask {

    /** The SID of the LocalSystem account, the default when no account is named. */
    static final String SYSTEM_SID = "S-1-5-18";

    private WindowsTask() {
    }

    /** The task's path in the Task Scheduler library. */
    public static String taskName(ServiceDefinition d) {
        return "\\FleetBench\\" + d.name();
    }

    public static String render(ServiceDefinition d) {
        String account = d.account();
        StringBuilder t = new StringBuilder();
        t.append("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n");
        t.append("<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n");
        t.append("  <RegistrationInfo>\n");
        t.append("    <Description>").append(Xml.escape(d.description())).append("</Description>\n");
        t.append("    <URI>").append(Xml.escape(taskName(d))).append("</URI>\n");
        t.append("  </RegistrationInfo>\n");
        t.append("  <Triggers>\n");
        if (d.userScope()) {
            t.append("    <LogonTrigger>\n      <Enabled>true</Enabled>\n");
            if (account != null) {
                t.append("      <UserId>").append(Xml.escape(account)).append("</UserId>\n");
            }
            t.append("    </LogonTrigger>\n");
        } else {
            t.append("    <BootTrigger>\n      <Enabled>true</Enabled>\n      <Delay>PT30S</Delay>\n    </BootTrigger>\n");
        }
        t.append("  </Triggers>\n");
        t.append("  <Principals>\n    <Principal id=\"Author\">\n");
        if (d.userScope()) {
            if (account != null) {
                t.append("      <UserId>").append(Xml.escape(account)).append("</UserId>\n");
            }
            t.append("      <LogonType>InteractiveToken</LogonType>\n");
        } else if (account == null) {
            t.append("      <UserId>").append(SYSTEM_SID).append("</UserId>\n");
        } else {
            t.append("      <UserId>").append(Xml.escape(account)).append("</UserId>\n");
            t.append("      <LogonType>Password</LogonType>\n");
        }
        t.append("      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>\n  </Principals>\n");
        t.append("  <Settings>\n");
        t.append("    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n");
        t.append("    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n");
        t.append("    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n");
        t.append("    <AllowHardTerminate>true</AllowHardTerminate>\n");
        t.append("    <StartWhenAvailable>true</StartWhenAvailable>\n");
        t.append("    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>\n");
        t.append("    <IdleSettings>\n      <StopOnIdleEnd>false</StopOnIdleEnd>\n      <RestartOnIdle>false</RestartOnIdle>\n"
                + "    </IdleSettings>\n");
        t.append("    <AllowStartOnDemand>true</AllowStartOnDemand>\n");
        t.append("    <Enabled>true</Enabled>\n");
        t.append("    <Hidden>false</Hidden>\n");
        t.append("    <RunOnlyIfIdle>false</RunOnlyIfIdle>\n");
        t.append("    <WakeToRun>false</WakeToRun>\n");
        t.append("    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n");
        t.append("    <Priority>7</Priority>\n");
        t.append("    <RestartOnFailure>\n      <Interval>PT1M</Interval>\n      <Count>999</Count>\n    </RestartOnFailure>\n");
        t.append("  </Settings>\n");
        t.append("  <Actions Context=\"Author\">\n    <Exec>\n");
        t.append("      <Command>").append(Xml.escape(d.command().get(0))).append("</Command>\n");
        List<String> args = d.command().subList(1, d.command().size());
        if (!args.isEmpty()) {
            t.append("      <Arguments>").append(Xml.escape(arguments(args))).append("</Arguments>\n");
        }
        t.append("      <WorkingDirectory>").append(Xml.escape(d.workingDirectory())).append("</WorkingDirectory>\n");
        t.append("    </Exec>\n  </Actions>\n</Task>\n");
        return t.toString();
    }

    /**
     * Arguments as one Windows command line, quoted the way {@code CommandLineToArgvW} (and so Java's launcher)
     * splits it again: quotes around words with blanks or quotes, backslashes before a quote doubled.
     */
    static String arguments(List<String> args) {
        return args.stream().map(WindowsTask::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            b.append("\\".repeat(c == '"' ? 2 * backslashes + 1 : backslashes));
            backslashes = 0;
            b.append(c);
        }
        b.append("\\".repeat(2 * backslashes)).append('"');
        return b.toString();
    }
}
