package dev.fleetbench.common.bus;

import java.util.regex.Pattern;

/** Which bind addresses stay on this machine. Pure: no name lookup, so a host name counts as reachable. */
public final class Hosts {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private Hosts() {
    }

    /**
     * True for a dotted-quad IPv4 address ("10.0.0.23"). A cluster member binds and advertises exactly this address:
     * Hazelcast's interface list takes IPv4 addresses only, and a host name could resolve to another interface (or to
     * IPv6) than the one the coordinator reaches.
     */
    public static boolean isIpv4Literal(String host) {
        return host != null && IPV4.matcher(host.trim()).matches();
    }

    /**
     * True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}; false for everything else, including
     * {@code 0.0.0.0} (every interface) and host names (which may resolve to a public address).
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equalsIgnoreCase("localhost") || LOOPBACK_V4.matcher(h).matches() || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
