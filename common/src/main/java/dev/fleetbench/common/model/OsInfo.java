package dev.fleetbench.common.model;

/**
 * The operating system.
 *
 * @param family  OS family
 * @param name    e.g. "Microsoft Windows 11 Pro", "macOS", "Debian GNU/Linux"; null if unknown
 * @param version e.g. "10.0", "14.5", "12 (bookworm)"; null if unknown
 * @param build   build number or kernel release, e.g. "26100", "23F79", "6.1.0-18-amd64"; null if unknown
 */
public record OsInfo(OsFamily family, String name, String version, String build) {
}
