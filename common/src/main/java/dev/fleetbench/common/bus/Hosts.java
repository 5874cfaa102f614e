package dev.fleetbench.common.bus;

import java.util.regex.Pattern;

/** Which bind addresses stay on this machine. Pure: no name lookup, so a host name counts as reachable. */
public final class Hosts {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private Hosts() {
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
