package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds the process that listens on a local TCP port: the server behind an OpenAI-compatible endpoint or Foundry
 * Local's own service, so that its peak memory and CPU time can be sampled. Linux reads {@code /proc/net/tcp[6]} and
 * the processes' {@code fd} links; Windows runs {@code netstat -ano}; macOS runs {@code lsof}. Only loopback
 * endpoints are looked up (a server on another machine is not ours to measure). Never throws: unknown is empty.
 * Thread-safe.
 */
public final class ListeningProcess {

    static final Duration LIMIT = Duration.ofSeconds(5);

    private final OsFamily os;
    private final CommandRunner runner;
    private final Path proc;

    public ListeningProcess(OsFamily os, CommandRunner runner, Path proc) {
        this.os = os;
        this.runner = runner;
        this.proc = proc;
    }

    /** For this machine. */
    public static ListeningProcess local() {
        String name = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        OsFamily os = name.contains("win") ? OsFamily.WINDOWS : name.contains("mac") ? OsFamily.MACOS : OsFamily.LINUX;
        return new ListeningProcess(os, new ProcessCommandRunner(), Path.of("/proc"));
    }

    /** The PID behind {@code baseUrl} when its host is this machine's loopback; empty otherwise or when unknown. */
    public OptionalLong forUrl(String baseUrl) {
        try {
            URI u = URI.create(baseUrl);
            if (u.getHost() == null || !isLoopback(u.getHost())) {
                return OptionalLong.empty();
            }
            int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            return forPort(port);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /** The PID listening on {@code port}; empty when none can be found. */
    public OptionalLong forPort(int port) {
        return switch (os) {
            case WINDOWS -> {
                CommandResult r = runner.run(List.of("netstat", "-ano", "-p", "TCP"), LIMIT);
                yield r.ok() ? ListenerParsers.netstatListenPid(r.stdout(), port) : OptionalLong.empty();
            }
            case MACOS -> {
                CommandResult r = runner.run(List.of("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN", "-Fp"), LIMIT);
                yield ListenerParsers.lsofPid(r.stdout());
            }
            default -> linux(port);
        };
    }

    private OptionalLong linux(int port) {
        Set<String> links = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                ListenerParsers.procNetTcpListenInodes(Files.readString(proc.resolve(table)), port)
                        .forEach(i -> links.add(ListenerParsers.socketLink(i)));
            } catch (IOException | RuntimeException e) {
                // no IPv6 table, or /proc not mounted: the other table may still answer
            }
        }
        if (links.isEmpty()) {
            return OptionalLong.empty();
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path pid : pids) {
                if (holds(pid.resolve("fd"), links)) {
                    return OptionalLong.of(Long.parseLong(pid.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** True when one of the process's descriptors is one of the sockets; processes of other users are unreadable. */
    private static boolean holds(Path fdDir, Set<String> links) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (links.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not ours to read, or the process ended
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // never resolve a name through DNS just to ask this
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
