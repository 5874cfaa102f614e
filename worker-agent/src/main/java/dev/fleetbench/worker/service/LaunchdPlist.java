package dev.fleetbench.worker.service;

/**
 * A launchd property list (a LaunchAgent of the installing user, or a LaunchDaemon for a system-wide install) that
 * starts the worker at load and keeps it alive, restarting it at most every 10 s. Pure.
 */
public final class LaunchdPlist {

    public static final String LABEL_PREFIX = "dev.fleetbench.";

    private LaunchdPlist() {
    }

    public static String label(ServiceDefinition d) {
        return LABEL_PREFIX + d.name();
    }

    public static String render(ServiceDefinition d) {
        StringBuilder p = new StringBuilder();
        p.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        p.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        p.append("<!-- Written by fleetbench worker install-service; remove with fleetbench worker uninstall-service. -->\n");
        p.append("<plist version=\"1.0\">\n<dict>\n");
        key(p, "Label").append("  <string>").append(Xml.escape(label(d))).append("</string>\n");
        key(p, "ProgramArguments").append("  <array>\n");
        for (String arg : d.command()) {
            p.append("    <string>").append(Xml.escape(arg)).append("</string>\n");
        }
        p.append("  </array>\n");
        key(p, "WorkingDirectory").append("  <string>").append(Xml.escape(d.workingDirectory())).append("</string>\n");
        if (d.account() != null && !d.userScope()) {
            key(p, "UserName").append("  <string>").append(Xml.escape(d.account())).append("</string>\n");
        }
        key(p, "RunAtLoad").append("  <true/>\n");
        key(p, "KeepAlive").append("  <true/>\n");
        key(p, "ThrottleInterval").append("  <integer>10</integer>\n");
        key(p, "ExitTimeOut").append("  <integer>30</integer>\n");
        key(p, "StandardOutPath").append("  <string>").append(Xml.escape(d.logDirectory() + "/" + d.name() + ".out.log"))
                .append("</string>\n");
        key(p, "StandardErrorPath").append("  <string>").append(Xml.escape(d.logDirectory() + "/" + d.name() + ".err.log"))
                .append("</string>\n");
        p.append("</dict>\n</plist>\n");
        return p.toString();
    }

    private static StringBuilder key(StringBuilder p, String key) {
        return p.append("  <key>").append(key).append("</key>\n");
    }
}
