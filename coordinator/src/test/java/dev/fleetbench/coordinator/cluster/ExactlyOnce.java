package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The multi-process tests' verdict on a finished campaign, read through a coordinator's REST API. */
final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /** Every cell done with exactly its planned measured samples; no sample id twice; every outbox empty. */
    static void check(Processes procs, String url, String id, Path... workerDirs) throws Exception {
        JsonNode cells = procs.get(url, "/api/campaigns/" + id + "/cells");
        assertThat(cells).isNotEmpty();
        List<JsonNode> runnable = new java.util.ArrayList<>();
        for (JsonNode c : cells) {
            if (c.get("status").asText().equals("does_not_fit")) {
                assertThat(c.get("measured").asInt()).as(c.toString()).isZero();
                continue;
            }
            runnable.add(c);
            assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("done");
            assertThat(c.get("measured").asInt()).as(c.toString()).isEqualTo(c.get("planned").asInt());
        }
        JsonNode samples = procs.get(url, "/api/campaigns/" + id + "/samples?limit=10000");
        Set<String> ids = new HashSet<>();
        Map<String, Set<Integer>> repetitionsPerCell = new HashMap<>();
        for (JsonNode s : samples) {
            assertThat(ids.add(s.get("id").asText())).as("sample stored twice: " + s.get("id")).isTrue();
            if (s.get("kind").asText().equals("measured")) {
                repetitionsPerCell.computeIfAbsent(s.get("cell_id").asText(), k -> new HashSet<>())
                        .add(s.get("repetition").asInt());
            }
        }
        for (JsonNode c : runnable) {
            assertThat(repetitionsPerCell.get(c.get("id").asText())).as("every repetition index of " + c.get("id"))
                    .containsAll(java.util.stream.IntStream.range(0, c.get("planned").asInt()).boxed().toList());
        }
        for (Path w : workerDirs) {
            try (Stream<Path> left = Files.list(w.resolve("outbox"))) {
                assertThat(left.filter(p -> p.toString().endsWith(".json")).toList()).as("outbox of " + w).isEmpty();
            }
        }
    }
}
