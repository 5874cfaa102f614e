package dev.fleetbench.worker.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which process listens on a local TCP port, read from each OS's own text: Linux {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (the socket's inode; {@link ListeningProcess} then finds the process holding it), Windows
 * {@code netstat -ano} and {@code Get-NetTCPConnection … | Select -Expand OwningProcess}, macOS
 * {@code lsof -nP -iTCP:PORT -sTCP:LISTEN -Fp}. Pure; every method is tested on captured output.
 *
 * <p>Why parsers and not OSHI's {@code InternetProtocolStats.getConnections()}: it reads the same tables, but the
 * project's probe-then-parse habit wants each OS's answer testable as text on any machine, and a Windows or macOS
 * lab PC must not be needed to know that its answer is understood.
 */
public final class ListenerParsers {

    /** {@code /proc/net/tcp} state 0A = TCP_LISTEN (include/net/tcp_states.h). */
    private static final String LISTEN = "0A";
    private static final Pattern NETSTAT = Pattern.compile(
            "^\\s*TCP\\s+(\\S+):(\\d+)\\s+\\S+\\s+(LISTENING|ABH\\S*|\\S+)\\s+(\\d+)\\s*$", Pattern.CASE_INSENSITIVE);

    private ListenerParsers() {
    }

    /**
     * Inodes of the sockets that listen on {@code port} in a {@code /proc/net/tcp} or {@code tcp6} table (header line
     * first; columns {@code sl local_address rem_address st … uid timeout inode}). Inode 0 (no owner) is left out.
     */
    public static List<Long> procNetTcpListenInodes(String table, int port) {
        List<Long> out = new ArrayList<>();
        if (table == null) {
            return out;
        }
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String line : table.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue; // the header or a torn line
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0 || !f[1].substring(colon + 1).equalsIgnoreCase(hexPort) || !f[3].equalsIgnoreCase(LISTEN)) {
                continue;
            }
            try {
                long inode = Long.parseLong(f[9]);
                if (inode > 0) {
                    out.add(inode);
                }
            } catch (NumberFormatException e) {
                // not a table row
            }
        }
        return out;
    }

    /** The link text a process's fd has for a socket inode: {@code socket:[12345]}. */
    public static String socketLink(long inode) {
        return "socket:[" + inode + "]";
    }

    /**
     * The PID that listens on {@code port} in {@code netstat -ano} output (English "LISTENING"; other languages
     * print another word, so a TCP row on the port whose remote side is {@code 0.0.0.0:0} or {@code [::]:0} counts too).
     */
    public static OptionalLong netstatListenPid(String text, int port) {
        if (text == null) {
            return OptionalLong.empty();
        }
        for (String line : text.split("\\R")) {
            Matcher m = NETSTAT.matcher(line);
            if (!m.matches() || Integer.parseInt(m.group(2)) != port) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            boolean listening = m.group(3).equalsIgnoreCase("LISTENING") || f[2].endsWith(":0");
            if (listening) {
                return OptionalLong.of(Long.parseLong(m.group(4)));
            }
        }
        return OptionalLong.empty();
    }

    /** {@code Get-NetTCPConnection -LocalPort P -State Listen | Select-Object -ExpandProperty OwningProcess}: a number per line. */
    public static OptionalLong owningProcess(String text) {
        return firstNumberLine(text, "");
    }

    /** {@code lsof -Fp} output: one {@code p<pid>} line per process (other field lines ignored). */
    public static OptionalLong lsofPid(String text) {
        return firstNumberLine(text, "p");
    }

    private static OptionalLong firstNumberLine(String text, String prefix) {
        if (text == null) {
            return OptionalLong.empty();
        }
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (s.startsWith(prefix) && s.length() > prefix.length() && s.substring(prefix.length()).matches("\\d{1,10}")) {
                return OptionalLong.of(Long.parseLong(s.substring(prefix.length())));
            }
        }
        return OptionalLong.empty();
    }
}
