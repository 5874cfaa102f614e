package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.coordinator.app.CoordinatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The store options: DuckDB by default, a PostgreSQL URL by choice, clear errors, and never a password in print. */
class ServerOptionsTest {

    @TempDir
    Path dir;

    private static CoordinatorConfig parse(String... args) {
        CoordinatorCommand command = new CoordinatorCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.config();
    }

    @Test
    void duckDbIsTheDefaultAndAPostgresUrlSelectsPostgres() {
        assertThat(parse("--data-dir", dir.toString()).postgres()).isNull();
        assertThat(parse("--store", "duckdb").storeDescription()).endsWith("fleetbench.duckdb");
        CoordinatorConfig pg = parse("--store", "postgresql://fb:hunter2@db.lab:5433/fleet", "--store-user", "admin");
        assertThat(pg.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://db.lab:5433/fleet");
        assertThat(pg.postgres().user()).isEqualTo("admin");
        assertThat(pg.postgres().password()).isEqualTo("hunter2");
        assertThat(pg.storeDescription()).isEqualTo("PostgreSQL jdbc:postgresql://db.lab:5433/fleet (user admin)");
        assertThat(pg.toString()).doesNotContain("hunter2");
        Path passwordFile = dir.resolve("pg-password");
        try {
            java.nio.file.Files.writeString(passwordFile, "s3cret-from-file\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CoordinatorConfig fromFile = parse("--store", "postgresql://db.lab/fleet", "--store-user", "fb",
                "--store-password-file", passwordFile.toString());
        assertThat(fromFile.postgres().password()).isEqualTo("s3cret-from-file");
        assertThat(fromFile.toString()).doesNotContain("s3cret");
    }

    @Test
    void aStoreThatIsNeitherIsRefusedWithTheReasonAndNoPassword() {
        assertThatThrownBy(() -> parse("--store", "mysql://u:hunter2@h/db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--store 'mysql://u:***@h/db' is neither duckdb nor a PostgreSQL URL"
                        + " (postgresql://host[:port]/database)");
        assertThatThrownBy(() -> parse("--store", "postgresql://u:hunter2@h")).hasMessageContaining("not a PostgreSQL URL")
                .message().doesNotContain("hunter2");
    }

    @Test
    void anUnreachableServerStopsTheCoordinatorWithAClearMessage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = CoordinatorMain.execute("coordinator", "--store", "postgresql://fb:hunter2@127.0.0.1:" + closed
                    + "/lab", "--data-dir", dir.toString(), "--http-port", "0", "--cluster-port", "0");
        } finally {
            System.setErr(old);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(printed).contains("fleetbench coordinator: cannot connect to the PostgreSQL store at"
                + " jdbc:postgresql://127.0.0.1:" + closed + "/lab (user fb)").contains("refused")
                .doesNotContain("hunter2");
    }
}
