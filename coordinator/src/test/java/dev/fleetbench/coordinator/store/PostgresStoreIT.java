package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.testing.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on PostgreSQL, its schema, its writer lock and what it says when the server is not there. */
class PostgresStoreIT extends StoreContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }

    @Test
    void aFreshSchemaGetsEveryVersionOfTheOneSequenceAndAllTables() {
        assertThat(store.query("SELECT version || ' ' || description FROM schema_version ORDER BY version"))
                .containsExactly("1 init", "2 ratings", "3 sample quality", "4 hardware profiles",
                    "5 device truth", "6 enrollments", "7 energy");
        assertThat(store.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'samples'"
                + " AND table_schema = current_schema() AND column_name LIKE 'quality%' ORDER BY column_name")).containsExactly("quality_score",
                "quality_verdict");
        assertThat(store.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'samples'"
                + " AND table_schema = current_schema() AND column_name = 'suspected_cpu_fallback'"))
                .containsExactly("boolean");
        assertThat(store.query("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name"
                + " = 'samples' AND table_schema = current_schema() AND column_name LIKE 'energy%' ORDER BY column_name"))
                .containsExactly("energy_estimate boolean", "energy_j double precision");
        assertThat(store.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " ORDER BY table_name")).containsExactly("campaigns", "cell_counts", "cells", "enrollments", "hardware_profiles", "leases", "ratings",
                "samples", "schedules", "schema_version", "units", "workers");
        store.migrate();
        assertThat(store.query("SELECT count(*) FROM schema_version")).containsExactly("7");
    }

    @Test
    void sampleMetricsAreRealColumnsAndTextSortsByCodePoint() {
        Cell cell = StoreData.runnable(StoreData.insert(store, "c1")).get(0);
        var rich = StoreData.rich("r-1", cell, 1_700_000_000_123L);
        store.ingest(List.of(rich));
        assertThat(store.query("SELECT concat_ws('|', kind, set_aside::text, started_at_ms, n_in, engine, power_source)"
                + " FROM samples")).containsExactly("measured|false|1700000000123|42|embedded|ac");
        assertThat(Double.parseDouble(store.query("SELECT ttft_ms FROM samples").get(0))).isEqualTo(rich.ttftMs());
        assertThat(store.query("SELECT x FROM (VALUES ('b'), ('B'), ('a')) v(x) ORDER BY x COLLATE \"C\""))
                .containsExactly("B", "a", "b");
        assertThat(store.query("SELECT collation_name FROM information_schema.columns WHERE table_schema ="
                + " current_schema() AND table_name = 'cells' AND column_name = 'cell_id'")).containsExactly("C");
    }

    @Test
    void oneStoreAtATimeHoldsTheWriterLockAndTheServerFreesItWithTheSession() throws InterruptedException {
        PostgresStore holder = (PostgresStore) store;
        PostgresStore other = PostgresStore.connect(holder.url());
        try {
            assertThat(holder.holdsWriterLock()).isTrue();
            assertThat(other.tryLockWriter()).as("held by the first").isFalse();
            assertThat(other.holdsWriterLock()).isFalse();
            assertThatThrownBy(() -> PostgresStore.open(holder.url())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("another coordinator holds the writer lock");
            // a coordinator on another schema of the same database is another lab
            try (PostgresStore elsewhere = PostgresStore.open(PostgresServer.shared().freshSchema("elsewhere"))) {
                assertThat(elsewhere.holdsWriterLock()).isTrue();
            }
            holder.close(); // the session ends: the server releases its lock as the backend exits, a moment later
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!other.tryLockWriter() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(other.holdsWriterLock()).isTrue();
            assertThat(other.tryLockWriter()).as("taking it again").isTrue();
            other.migrate();
            assertThat(other.campaigns()).isEmpty();
        } finally {
            other.close();
        }
        assertThat(other.holdsWriterLock()).as("closed").isFalse();
    }

    @Test
    void aLostSessionIsALostLock() {
        PostgresStore holder = (PostgresStore) store;
        long pid = holder.inWriteTransaction("pid", c -> Reads.list(c, "SELECT pg_backend_pid()", List.of(),
                r -> r.getLong(1)).get(0));
        PostgresServer.shared().execute("SELECT pg_terminate_backend(" + pid + ")"); // an administrator, a restart
        assertThat(holder.holdsWriterLock()).isFalse();
        assertThatThrownBy(() -> holder.upsertSchedule(new ScheduleRecord("s", "n", "{}", false, "0 2 * * *", T0, null,
                true))).isInstanceOf(StoreException.class);
    }

    @Test
    void anUnreachableServerOrAnUnknownDatabaseIsNamedInTheError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        PostgresUrl nowhere = PostgresUrl.parse("postgresql://fb:s3cret@127.0.0.1:" + closedPort + "/lab", null, null);
        assertThatThrownBy(() -> PostgresStore.connect(nowhere)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to the PostgreSQL store at jdbc:postgresql://127.0.0.1:"
                        + closedPort + "/lab (user fb)")
                .hasMessageContaining("refused")
                .message().doesNotContain("s3cret");
        PostgresUrl unknown = PostgresUrl.parse("postgresql://127.0.0.1:" + PostgresServer.shared().port() + "/nope",
                "postgres", null);
        assertThatThrownBy(() -> PostgresStore.connect(unknown)).isInstanceOf(StoreException.class)
                .hasMessageContaining("database \"nope\" does not exist");
    }
}
