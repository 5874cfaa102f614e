package dev.fleetbench.coordinator.testing;

import dev.fleetbench.coordinator.store.PostgresUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} package (installed by {@code .ci/run}): one per
 * test JVM, started on first use and shared by every test class, stopped and deleted by a shutdown hook.
 *
 * <p>A fresh cluster in a temporary folder: {@code initdb} without fsync, trust authentication for local sockets and
 * 127.0.0.1 only, listening on 127.0.0.1 at a free port with its socket in the folder, {@code fsync=off}. initdb and
 * postgres refuse to run as root, so as root (here and in CI) the folder is given to the {@code postgres} system user
 * the package creates and every command runs through {@code runuser -u postgres --}. Each test takes a schema of its
 * own ({@link #freshSchema}), which is faster than a database. Missing binaries fail the test with what to install;
 * nothing is skipped.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String OWNER = "postgres";
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The server of this JVM, started now if it is not running yet (about 1-2 s). */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "postgres-test-server-stop"));
        }
        return shared;
    }

    /**
     * A server of its own (not shared) that also listens on these local addresses, e.g. the root ends of veth pairs to
     * network namespaces, and trusts clients of the subnets they are on ({@code samenet}); {@link #close()} stops it.
     */
    public static PostgresServer listeningAlsoOn(List<String> addresses) {
        return start(addresses);
    }

    /** Stops and deletes a server from {@link #listeningAlsoOn} (the shared one stops with the JVM). */
    @Override
    public void close() {
        if (this != shared) {
            stop();
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of the {@code postgres} database, as the superuser {@code postgres}, in no particular schema. */
    public PostgresUrl admin() {
        return new PostgresUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres", OWNER, null);
    }

    /** A new empty schema and the URL that makes it current; names are unique within this server. */
    public PostgresUrl freshSchema(String hint) {
        String schema = (hint.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + schemas.incrementAndGet());
        execute("CREATE SCHEMA " + schema);
        return new PostgresUrl(admin().jdbcUrl() + "?currentSchema=" + schema, OWNER, null);
    }

    /** The server's version, e.g. "15.14". */
    public String version() {
        try (Connection c = DriverManager.getConnection(admin().jdbcUrl(), OWNER, null);
             Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1).replaceAll(" .*", "");
        } catch (SQLException e) {
            throw new IllegalStateException("test server: " + e.getMessage(), e);
        }
    }

    /** Runs one statement as the superuser. */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(admin().jdbcUrl(), OWNER, null);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test server: " + sql + ": " + e.getMessage(), e);
        }
    }

    private static PostgresServer start() {
        return start(List.of());
    }

    private static PostgresServer start(List<String> alsoOn) {
        long t0 = System.nanoTime();
        Path bin = binaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("fleetbench-pg-");
            if (asRoot) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(OWNER));
            }
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, dir, port, asRoot);
            server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", OWNER,
                    "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
            // overwriting keeps the file's owner
            Files.writeString(dir.resolve("data/pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                    + (alsoOn.isEmpty() ? "" : "host all all samenet trust\n"));
            String listen = String.join(",", java.util.stream.Stream.concat(Stream.of("127.0.0.1"), alsoOn.stream())
                    .toList());
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=" + listen + " -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"));
            System.out.printf("test PostgreSQL server %s on 127.0.0.1:%d, ready in %d ms%n", bin.getParent()
                    .getFileName(), port, (System.nanoTime() - t0) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
                        && Files.isExecutable(b.resolve("pg_ctl"))).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found.stream().max(Comparator.comparingInt(PostgresServer::version)).orElseThrow(() ->
                new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under " + root
                        + ": install Debian's postgresql package (apt-get install postgresql); .ci/run does"));
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void run(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("runuser", "-u", OWNER, "--"));
        }
        cmd.addAll(command);
        try {
            Path out = Files.createTempFile("fleetbench-pg-cmd", ".log");
            try {
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", cmd));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8) + serverLog());
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "-t", "10", "stop"));
        } catch (RuntimeException e) {
            System.err.println("test PostgreSQL server: " + e.getMessage());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("test PostgreSQL server: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
