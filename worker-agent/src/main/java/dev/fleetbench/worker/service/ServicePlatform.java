package dev.fleetbench.worker.service;

import java.util.Locale;

/** The service manager of an OS: systemd on Linux, launchd on macOS, Task Scheduler on Windows. */
public enum ServicePlatform {
    SYSTEMD, LAUNCHD, WINDOWS_TASK;

    /** From {@code os.name}; an OS with none of the three is refused with its name. */
    public static ServicePlatform of(String osName) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS_TASK;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return LAUNCHD;
        }
        if (os.startsWith("linux")) {
            return SYSTEMD;
        }
        throw new IllegalArgumentException("no service manager known for " + osName
                + "; run the worker from your own init system with the command line 'fleetbench worker ...'");
    }
}
