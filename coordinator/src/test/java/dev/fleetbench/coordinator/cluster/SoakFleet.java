package dev.fleetbench.coordinator.cluster;

import dev.fleetbench.coordinator.testing.BenchNode;
import dev.fleetbench.coordinator.testing.ChildJvm;
import dev.fleetbench.coordinator.testing.VirtualFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The churning fleet of {@link ChurnSoakIT}: a few {@link VirtualFleet} JVMs of simulated-engine agents, and the
 * moves made on them at random: an agent leaves gracefully, an agent that left comes back, a new agent joins, a whole
 * JVM is killed (SIGKILL) and started again a little later with the same data directories (its agents are the same
 * workers, and their outboxes send what they kept). Knows what each agent is doing from the JVMs' replies; counts
 * every move. Driven by one thread; every wait is bounded.
 */
final class SoakFleet implements AutoCloseable {

    enum State { IN, LEAVING, OUT, JOINING }

    /** Most agents away (left or leaving) at once, so that campaigns keep moving. */
    private static final int MAX_AWAY = 10;
    /** Most new agents joining during a soak. */
    private static final int MAX_NEW = 10;

    private final BenchNode node;
    private final Path dir;
    private final String models;
    private final double ttftMs;
    private final List<Jvm> jvms = new ArrayList<>();
    int joins;
    int rejoins;
    int leaves;
    int kills;
    int restarts;
    int joinFailures;
    int lostContact;
    long slowestBurstMs;

    /** One JVM of agents: its current process (null while it is down) and each agent's state by index. */
    private final class Jvm {
        final int k;
        final Map<Integer, State> agents = new TreeMap<>();
        ChildJvm child;
        int incarnation;
        long restartAt;

        Jvm(int k, int agents) {
            this.k = k;
            for (int i = 0; i < agents; i++) {
                this.agents.put(i, State.IN);
            }
        }

        boolean up() {
            return child != null && child.ready();
        }

        void start() throws IOException {
            String absent = agents.entrySet().stream().filter(e -> e.getValue() == State.OUT)
                    .map(e -> e.getKey().toString()).collect(Collectors.joining(","));
            child = ChildJvm.start("fleet-" + k, dir.resolve(String.format(Locale.ROOT, "fleet-%d.%d.log", k,
                    incarnation++)), List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    VirtualFleet.class, List.of(node.joinAddress, node.clusterName, Integer.toString(agents.size()),
                            "v" + k + "-", dir.resolve("fleet-" + k).toString(), models, Double.toString(ttftMs),
                            absent));
        }

        void send(String command, int agent, State next) throws IOException {
            child.send(command + " " + agent);
            agents.put(agent, next);
        }
    }

    SoakFleet(BenchNode node, Path dir, int jvmCount, int perJvm, String models, double ttftMs) {
        this.node = node;
        this.dir = dir;
        this.models = models;
        this.ttftMs = ttftMs;
        for (int k = 0; k < jvmCount; k++) {
            jvms.add(new Jvm(k, perJvm));
        }
    }

    /** Starts every JVM at once; each registers all its agents at once, and none may fail. */
    void start() throws Exception {
        for (Jvm j : jvms) {
            j.start();
        }
        for (Jvm j : jvms) {
            String[] ready = j.child.awaitReady(Duration.ofMinutes(4)).split(" ");
            if (!ready[1].equals("0")) {
                throw new AssertionError("fleet-" + j.k + ": " + ready[1] + " registrations failed");
            }
            slowestBurstMs = Math.max(slowestBurstMs, Long.parseLong(ready[2]));
        }
    }

    /**
     * Before anything is measured, every kind of move once, so that the coordinator's pools that grow lazily to a
     * fixed size (Vert.x workers, Hazelcast's on member changes) have grown: a JVM killed and started again, an agent
     * leaving and coming back. Not counted as churn.
     */
    void warmUp(Duration max) throws Exception {
        kill(jvms.get(0), Duration.ZERO);
        jvms.get(1).send("leave", 0, State.LEAVING);
        bringBack(max);
        joins = rejoins = leaves = kills = restarts = 0;
    }

    /** Reads the JVMs' replies and starts again the JVMs whose time has come. */
    void poll() throws Exception {
        for (Jvm j : jvms) {
            if (j.child == null) {
                if (System.nanoTime() >= j.restartAt) {
                    j.start();
                    restarts++;
                }
                continue;
            }
            if (!j.child.alive() && !j.child.ready()) {
                throw new AssertionError("fleet-" + j.k + " exited while starting:\n" + BenchNode.tail(j.child.log(), 30));
            }
            for (String reply : j.child.replies()) {
                String[] r = reply.split(" ");
                switch (r[0]) {
                    case "LEFT" -> j.agents.put(Integer.parseInt(r[1]), State.OUT);
                    case "JOINED" -> j.agents.put(Integer.parseInt(r[1]), State.IN);
                    case "JOIN_FAILED" -> {
                        joinFailures++;
                        j.agents.put(Integer.parseInt(r[1]), State.OUT);
                    }
                    case "LOST" -> lostContact++;
                    default -> { }
                }
            }
        }
    }

    /**
     * One move at random: a kind first (an agent leaves 35 %, one that left comes back 30 %, a whole JVM is killed
     * 25 %, a new agent joins 10 %), then its target; a kind that is not possible now (nobody away, a JVM already
     * down, the caps reached) gives its turn to the others.
     */
    void step(Random random) throws Exception {
        List<Jvm> up = jvms.stream().filter(Jvm::up).toList();
        long away = jvms.stream().flatMap(j -> j.agents.values().stream())
                .filter(s -> s == State.OUT || s == State.LEAVING).count();
        List<Move> leave = new ArrayList<>();
        List<Move> back = new ArrayList<>();
        for (Jvm j : up) {
            for (Map.Entry<Integer, State> a : j.agents.entrySet()) {
                if (a.getValue() == State.IN && away < MAX_AWAY) {
                    leave.add(() -> {
                        j.send("leave", a.getKey(), State.LEAVING);
                        leaves++;
                    });
                } else if (a.getValue() == State.OUT) {
                    back.add(() -> {
                        j.send("join", a.getKey(), State.JOINING);
                        rejoins++;
                    });
                }
            }
        }
        List<Move> kill = new ArrayList<>();
        List<Move> join = new ArrayList<>();
        for (Jvm j : up) {
            if (up.size() == jvms.size()) {
                kill.add(() -> kill(j, Duration.ofMillis(1000 + random.nextInt(3000))));
            }
            if (joins < MAX_NEW) {
                join.add(() -> {
                    j.send("join", j.agents.size(), State.JOINING);
                    joins++;
                });
            }
        }
        List<List<Move>> kinds = List.of(leave, back, kill, join);
        int[] weights = {35, 30, 25, 10};
        int total = 0;
        for (int i = 0; i < kinds.size(); i++) {
            total += kinds.get(i).isEmpty() ? 0 : weights[i];
        }
        if (total == 0) {
            return;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).isEmpty()) {
                continue;
            }
            if (pick < weights[i]) {
                kinds.get(i).get(random.nextInt(kinds.get(i).size())).run();
                return;
            }
            pick -= weights[i];
        }
    }

    private void kill(Jvm j, Duration downFor) throws Exception {
        j.child.kill();
        j.child = null;
        j.restartAt = System.nanoTime() + downFor.toNanos();
        kills++;
        // A leave cut short leaves the agent away (what it measured waits in its outbox); a join, there.
        j.agents.replaceAll((i, s) -> s == State.LEAVING ? State.OUT : s == State.JOINING ? State.IN : s);
    }

    /** Ends the churn: every JVM up, every agent that left joins again; waits until all are in. */
    void bringBack(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        jvms.stream().filter(j -> j.child == null).forEach(j -> j.restartAt = 0);
        while (System.nanoTime() < deadline) {
            poll();
            boolean allIn = true;
            for (Jvm j : jvms) {
                allIn &= j.up() && j.agents.values().stream().allMatch(s -> s == State.IN);
                if (j.up()) {
                    for (Map.Entry<Integer, State> a : List.copyOf(j.agents.entrySet())) {
                        if (a.getValue() == State.OUT) {
                            j.send("join", a.getKey(), State.JOINING);
                            rejoins++;
                        }
                    }
                }
            }
            if (allIn) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the fleet did not come back within " + max.toSeconds() + " s: " + states());
    }

    int agents() {
        return jvms.stream().mapToInt(j -> j.agents.size()).sum();
    }

    String states() {
        return jvms.stream().map(j -> "fleet-" + j.k + (j.up() ? "" : " (down)") + " " + j.agents)
                .collect(Collectors.joining("; "));
    }

    /** Samples still waiting in the agents' outboxes (one file each). */
    long outboxSamples() throws IOException {
        long n = 0;
        for (Jvm j : jvms) {
            Path root = dir.resolve("fleet-" + j.k);
            try (Stream<Path> files = Files.walk(root)) {
                n += files.filter(p -> p.getParent().getFileName().toString().equals("outbox")
                        && p.getFileName().toString().endsWith(".json")).count();
            }
        }
        return n;
    }

    List<Path> logs() {
        return jvms.stream().filter(j -> j.child != null).map(j -> j.child.log()).toList();
    }

    private interface Move {
        void run() throws Exception;
    }

    @Override
    public void close() {
        for (Jvm j : jvms) {
            if (j.child != null) {
                j.child.close();
            }
        }
    }
}
