package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.coordinator.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The active and the standby coordinator of one PostgreSQL store split from each other by a real network fault. Each
 * coordinator runs in a network namespace of its own; a veth pair between the two namespaces carries their cluster
 * traffic, and each namespace has its own link to the root namespace, where the database listens (a server of this
 * test's own, on the root ends of those links) and where this test reads both REST APIs. The two workers (simulated
 * engine) run in the active's namespace, so they stay with it. The test cuts the link between the coordinators while
 * a campaign runs: each side loses the other after Hazelcast's 5 s, the standby becomes the oldest coordinator it can
 * see, and the writer lock fences it: it stays a standby, leases nothing, and says why in its health and log, while
 * the active goes on leasing. After the heal the campaign completes on the active, exactly once; the standby's half of
 * the cluster (the smaller) merges into the active's, the standby names the active again, and a second campaign
 * completes. Both roles are read every 200 ms throughout: never two actives. Prints the figures the README quotes
 * ("SPLIT COORDINATORS ...").
 * Skipped, saying why, where network namespaces cannot be created (no root).
 */
@Timeout(360)
class SplitCoordinatorsIT {

    private static final List<String> SIMULATED = List.of("--engine", "simulated", "--simulated-models",
            "sim-small,sim-large", "--simulated-ttft-ms", "20", "--simulated-token-ms", "15");
    /** 2 workers x 2 models (a lease each) x 2 prompts x 40 repetitions of about 260 ms: a second lease per worker. */
    private static final String SPEC = """
            {"name": "split", "models": ["sim-small", "sim-large"], "repetitions": 40, "warmups": 1,
             "max_repetition_factor": 1,
             "prompts": [{"id": "a", "text": "first", "max_tokens": 16}, {"id": "b", "text": "second", "max_tokens": 16}]}""";
    /** The least a cut lasts: Hazelcast's 5 s to drop the other side, then the fence's 3 s, with room to spare. */
    private static final Duration MIN_CUT = Duration.ofSeconds(15);
    private static final int HTTP_PORT = 8470;
    /**
     * Hazelcast looks for the other half of a split cluster 5 minutes after it starts and then every 2 minutes; the
     * coordinators here look every 5 s, so that the merge after the heal happens within the test.
     */
    private static final Map<String, String> QUICK_MERGE = Map.of("JAVA_TOOL_OPTIONS",
            "-Dhazelcast.merge.first.run.delay.seconds=5 -Dhazelcast.merge.next.run.delay.seconds=5");
    private static final int CLUSTER_PORT = 5801;

    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private Processes procs;
    private PostgresServer db;
    private ScheduledExecutorService watcher;

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (procs != null) {
            procs.close();
        }
        namespaces.forEach(NetworkNamespace::close);
        if (db != null) {
            db.close();
        }
    }

    /** What both coordinators said about their role at one moment (null: no answer). */
    private record Roles(long atMs, String a, String b) {
    }

    @Test
    void aStandbySplitFromTheActiveIsFencedLeasesNothingAndTheCampaignCompletesOnceAfterTheHeal() throws Exception {
        NetworkNamespace nsA = NetworkNamespace.create();
        namespaces.add(nsA);
        NetworkNamespace nsB = NetworkNamespace.create();
        namespaces.add(nsB);
        NamespaceLink link = NamespaceLink.between(nsA, nsB);
        db = PostgresServer.listeningAlsoOn(List.of(nsA.rootAddress, nsB.rootAddress));
        String schema = "split";
        db.execute("CREATE SCHEMA " + schema);
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "split-" + System.currentTimeMillis()))
                .toAbsolutePath();
        procs = new Processes(dir);

        String urlA = "http://" + nsA.innerAddress + ":" + HTTP_PORT;
        String urlB = "http://" + nsB.innerAddress + ":" + HTTP_PORT;
        Path logA = dir.resolve("a").resolve("coordinator.log");
        Path logB = dir.resolve("b").resolve("coordinator.log");
        procs.coordinator(nsA.launcher(), nsA.innerAddress, dir.resolve("a"), HTTP_PORT, CLUSTER_PORT,
                coordinatorArgs(nsA, link.aAddress, List.of()), QUICK_MERGE);
        assertThat(role(urlA)).as("A alone: active at once").isEqualTo("active");
        procs.coordinator(nsB.launcher(), nsB.innerAddress, dir.resolve("b"), HTTP_PORT, CLUSTER_PORT,
                coordinatorArgs(nsB, link.bAddress, List.of("--join", link.aAddress + ":" + CLUSTER_PORT)), QUICK_MERGE);
        Processes.await(Duration.ofSeconds(60), () -> {
            JsonNode h = procs.get(urlB, "/api/health");
            return h != null && "standby".equals(h.path("role").asText()) && urlA.equals(h.path("active").asText());
        }, "B to be the standby naming A as the active");

        String join = link.aAddress + ":" + CLUSTER_PORT + "," + link.bAddress + ":" + CLUSTER_PORT;
        Path w1 = dir.resolve("w1");
        Path w2 = dir.resolve("w2");
        procs.worker(nsA.launcher(), w1, join, workerArgs(link.aAddress, 5811), Map.of());
        procs.worker(nsA.launcher(), w2, join, workerArgs(link.aAddress, 5821), Map.of());
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode w = procs.get(urlA, "/api/workers");
            return w != null && w.size() == 2 && w.toString().split("\"status\":\"(ready|busy)\"", -1).length == 3;
        }, "2 workers to be ready");

        long t0 = System.nanoTime();
        List<Roles> timeline = new CopyOnWriteArrayList<>();
        watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> timeline.add(new Roles((System.nanoTime() - t0) / 1_000_000, role(urlA),
                role(urlB))), 0, 200, TimeUnit.MILLISECONDS);

        String id = procs.post(urlA, "/api/campaigns", "application/json", SPEC).get("id").asText();
        Processes.await(Duration.ofSeconds(120), () -> procs.measured(urlA, id) >= 16, "some samples to be stored");

        long issuedBeforeCut = count(logA, "event=lease.issued", id);
        long cutAt = System.nanoTime();
        link.cut();
        // B is fenced: the oldest coordinator it can reach, but the lock is A's
        Processes.await(Duration.ofSeconds(60), () -> {
            JsonNode h = procs.get(urlB, "/api/health");
            return h != null && h.path("detail").asText().contains("writer lock is held");
        }, "B to say it is fenced by the writer lock");
        long fencedAfterMs = (System.nanoTime() - cutAt) / 1_000_000;
        JsonNode fencedHealth = procs.get(urlB, "/api/health");
        assertThat(fencedHealth.path("role").asText()).isEqualTo("standby");
        assertThat(fencedHealth.hasNonNull("active")).as("the active is out of B's sight: " + fencedHealth).isFalse();
        assertThat(procs.get(urlB, "/api/campaigns")).as("B serves no API while fenced").isNull();
        // the active goes on leasing to its workers during the cut
        Processes.await(Duration.ofSeconds(180), () -> count(logA, "event=lease.issued", id) > issuedBeforeCut
                && System.nanoTime() - cutAt >= MIN_CUT.toNanos(), "A to issue a lease during the cut");
        long issuedDuringCut = count(logA, "event=lease.issued", id) - issuedBeforeCut;
        assertThat(role(urlA)).as("A during the cut").isEqualTo("active");
        assertThat(role(urlB)).as("B during the cut").isEqualTo("standby");
        long healedAt = System.nanoTime();
        link.heal();
        long cutMs = (healedAt - cutAt) / 1_000_000;

        Processes.await(Duration.ofSeconds(180), () -> {
            JsonNode c = procs.get(urlA, "/api/campaigns/" + id);
            return c != null && c.get("state").asText().equals("done");
        }, "the campaign to be done on A");
        long doneAfterHealMs = (System.nanoTime() - healedAt) / 1_000_000;
        ExactlyOnce.check(procs, urlA, id, w1, w2);
        // the cluster is whole again: the standby names the active, and the active still serves its workers
        Processes.await(Duration.ofSeconds(90), () -> {
            JsonNode h = procs.get(urlB, "/api/health");
            return h != null && urlA.equals(h.path("active").asText()) && !h.has("detail");
        }, "B to name A as the active again once the halves merged");
        long namesAAfterHealMs = (System.nanoTime() - healedAt) / 1_000_000;
        String second = procs.post(urlA, "/api/campaigns", "application/json", SPEC.replace("40", "3"))
                .get("id").asText();
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode c = procs.get(urlA, "/api/campaigns/" + second);
            return c != null && c.get("state").asText().equals("done");
        }, "a second campaign to be done after the merge");
        ExactlyOnce.check(procs, urlA, second, w1, w2);
        watcher.shutdownNow();
        watcher.awaitTermination(10, TimeUnit.SECONDS);

        assertThat(timeline).as("role samples").hasSizeGreaterThan(20);
        assertThat(timeline.stream().filter(r -> "active".equals(r.a()) && "active".equals(r.b())).toList())
                .as("moments with two active coordinators").isEmpty();
        assertThat(timeline.stream().filter(r -> r.b() != null && !r.b().equals("standby")).toList())
                .as("B in any other role than standby").isEmpty();
        assertThat(timeline.stream().filter(r -> r.a() != null && !r.a().equals("active")).toList())
                .as("A in any other role than active").isEmpty();

        String logOfB = Processes.log(logB);
        assertThat(count(logB, "event=lease.issued", "")).as("leases B issued").isZero();
        assertThat(logOfB).as("B's log").contains("event=coordinator.fenced", "event=coordinator.unfenced")
                .doesNotContain("event=coordinator.active");
        long issuedByA = count(logA, "event=lease.issued", id);
        Store s = store(schema, id);
        assertThat(s.leases).as("the store's lease records: every one A's").isEqualTo(issuedByA);
        assertThat(s.reissued).as("leases issued again (no worker was cut off)").isZero();
        assertThat(s.repetitionsCountedOtherThanOnce).as("repetitions counted other than once").isZero();
        assertThat(s.counted).as("counted measured samples").isEqualTo(s.planned).isEqualTo(2 * 2 * 2 * 40);
        System.out.printf("SPLIT COORDINATORS: cut %d ms; the standby said it was fenced %d ms after the cut; leases"
                        + " issued by the active %d (%d during the cut), by the standby 0; leases re-issued %d; the campaign"
                        + " was done %d ms after the heal; %d counted samples of %d planned, each repetition once; the"
                        + " standby named the active again %d ms after the heal (merge checks every 5 s) and a second"
                        + " campaign completed; roles read %d times, never two actives%n", cutMs, fencedAfterMs,
                issuedByA, issuedDuringCut, s.reissued, doneAfterHealMs, s.counted, s.planned, namesAAfterHealMs,
                timeline.size());
    }

    private List<String> coordinatorArgs(NetworkNamespace ns, String clusterHost, List<String> more) {
        // the database is reached over this namespace's link to the root namespace
        String jdbc = db.admin().jdbcUrl().replace("127.0.0.1", ns.rootAddress) + "?currentSchema=split";
        List<String> args = new ArrayList<>(List.of("--cluster-host", clusterHost, "--store", jdbc, "--store-user",
                db.admin().user()));
        args.addAll(more);
        return args;
    }

    /** A worker on the simulated engine, its two ports given (both workers share one address). */
    private static List<String> workerArgs(String host, int port) {
        List<String> args = new ArrayList<>(List.of("--host", host, "--cluster-port", Integer.toString(port),
                "--bus-port", Integer.toString(port + 1)));
        args.addAll(SIMULATED);
        return args;
    }

    private String role(String url) {
        JsonNode h = procs.get(url, "/api/health");
        return h == null ? null : h.path("role").asText();
    }

    private static long count(Path log, String event, String campaign) {
        return Processes.log(log).lines().filter(l -> l.contains(event) && l.contains(campaign)).count();
    }

    private record Store(long leases, long reissued, long planned, long counted, long repetitionsCountedOtherThanOnce) {
    }

    /** Straight from the database. */
    private Store store(String schema, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(db.admin().jdbcUrl() + "?currentSchema=" + schema,
                db.admin().user(), null); Statement s = c.createStatement()) {
            String campaign = " WHERE campaign_id = '" + id + "'";
            String counted = " FROM samples" + campaign + " AND kind = 'measured' AND NOT set_aside";
            return new Store(one(s, "SELECT count(*) FROM leases" + campaign),
                    one(s, "SELECT count(*) FROM leases" + campaign + " AND attempt > 1"),
                    one(s, "SELECT sum(planned) FROM cells" + campaign),
                    one(s, "SELECT count(*)" + counted),
                    one(s, "SELECT count(*) FROM (SELECT cell_id, repetition" + counted
                            + " GROUP BY cell_id, repetition HAVING count(*) <> 1) d"));
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
