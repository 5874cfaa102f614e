package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.coordinator.testing.BenchNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the coordinator holds after a soak, read through its REST API and metrics: every cell's state, every stored
 * sample of the campaigns (page by page), and the ingest counters. Lost: planned samples missing from a done cell.
 * Duplicated: a sample id listed twice. Set aside: measured samples beyond a cell's plan, which must be exactly those
 * the store counted as set aside.
 */
final class SoakAccount {

    private static final int PAGE = 10_000;

    int cells;
    int done;
    int failed;
    int cancelled;
    long samples;
    long setAside;
    long resent;
    long lost;
    long duplicated;
    private long storedMetric;
    private long setAsideMetric;
    private final List<String> problems = new ArrayList<>();

    private SoakAccount() {
    }

    static SoakAccount of(BenchNode node, List<String> campaigns) throws Exception {
        SoakAccount a = new SoakAccount();
        for (String id : campaigns) {
            a.campaign(node, id);
        }
        String metrics = node.getText("/metrics");
        a.storedMetric = counter(metrics, "fleetbench_samples_stored_total");
        a.setAsideMetric = counter(metrics, "fleetbench_samples_set_aside_total");
        a.resent = counter(metrics, "fleetbench_samples_duplicate_total");
        return a;
    }

    private void campaign(BenchNode node, String id) throws IOException, InterruptedException {
        JsonNode c = node.get("/api/campaigns/" + id);
        if (!c.get("state").asText().equals("done")) {
            problems.add("campaign " + id + " is " + c.get("state").asText());
        }
        Set<String> ids = new HashSet<>();
        Map<String, Integer> measuredListed = new HashMap<>();
        Map<String, Set<Integer>> repetitions = new HashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = node.get("/api/campaigns/" + id + "/samples?offset=" + offset + "&limit=" + PAGE);
            for (JsonNode s : page) {
                samples++;
                if (!ids.add(s.get("id").asText())) {
                    duplicated++;
                }
                if (s.get("kind").asText().equals("measured")) {
                    String cell = s.get("cell_id").asText();
                    measuredListed.merge(cell, 1, Integer::sum);
                    repetitions.computeIfAbsent(cell, k -> new HashSet<>()).add(s.get("repetition").asInt());
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        for (JsonNode cell : node.get("/api/campaigns/" + id + "/cells")) {
            cells++;
            String cellId = cell.get("id").asText();
            String status = cell.get("status").asText();
            int planned = cell.get("planned").asInt();
            int measured = cell.get("measured").asInt();
            setAside += measuredListed.getOrDefault(cellId, 0) - measured;
            if (measured > planned) {
                problems.add("cell " + cellId + " counts " + measured + " of " + planned + " planned");
            }
            switch (status) {
                case "done" -> {
                    done++;
                    lost += Math.max(0, planned - measured);
                    List<Integer> all = IntStream.range(0, planned).boxed().toList();
                    if (!repetitions.getOrDefault(cellId, Set.of()).containsAll(all)) {
                        problems.add("cell " + cellId + " lacks a repetition: " + repetitions.get(cellId));
                    }
                }
                case "failed", "cancelled" -> {
                    if (status.equals("failed")) {
                        failed++;
                    } else {
                        cancelled++;
                    }
                    if (!cell.hasNonNull("reason") || cell.get("reason").asText().isBlank()) {
                        problems.add("cell " + cellId + " is " + status + " without a reason");
                    }
                }
                default -> problems.add("cell " + cellId + " is " + status + " after the campaign ended");
            }
        }
    }

    private static long counter(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }

    /** Every cell done with its plan or ended with a reason; nothing lost, doubled or unexplained. */
    void assertAccountedFor() {
        assertThat(problems).as("cells and campaigns not accounted for").isEmpty();
        assertThat(lost).as("planned samples missing from done cells").isZero();
        assertThat(duplicated).as("sample ids stored twice").isZero();
        assertThat(samples).as("samples listed = samples the coordinator stored").isEqualTo(storedMetric);
        assertThat(setAside).as("measured samples beyond a plan = those set aside").isEqualTo(setAsideMetric);
        assertThat(done).as("done cells").isPositive();
    }
}
