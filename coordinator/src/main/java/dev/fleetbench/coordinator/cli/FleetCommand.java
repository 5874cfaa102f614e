package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleetbench fleet list|approve|reject|acknowledge}: enrollment from the command line, a thin client of
 * {@code GET /api/workers} and {@code POST /api/workers/{id}/approve|reject|acknowledge-hardware}.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "List workers with their enrollment; approve, reject, acknowledge changed hardware.",
        subcommands = {FleetCommand.ListWorkers.class, FleetCommand.Approve.class, FleetCommand.Reject.class,
            FleetCommand.Acknowledge.class})
final class FleetCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Workers with state, enrollment and what changed in their hardware.")
    static final class ListWorkers extends CampaignCommand.Client implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            print(call("GET", "/api/workers", null, null), System.out);
            return 0;
        }
    }

    /** The worker table (pure, for a golden test). */
    static void print(JsonNode workers, PrintStream out) {
        out.printf("%-24s %-8s %-10s %-20s %s%n", "WORKER", "STATE", "ENROLLMENT", "HOST", "NOTE");
        for (JsonNode w : workers) {
            String enrollment = w.path("enrollment").isNull() ? "-" : w.path("enrollment").asText("-");
            String note = "";
            if ("rejected".equals(enrollment) && w.hasNonNull("rejection_reason")) {
                note = "reason: " + w.get("rejection_reason").asText();
            } else if ("pending".equals(enrollment)) {
                note = "approve with: fleetbench fleet approve " + w.get("worker_id").asText();
            } else if (w.path("hardware_changes").size() > 0) {
                StringBuilder b = new StringBuilder("hardware changed: ");
                w.get("hardware_changes").forEach(c -> b.append(c.asText()).append("; "));
                note = b.substring(0, b.length() - 2);
            }
            out.printf("%-24s %-8s %-10s %-20s %s%n", w.get("worker_id").asText(), w.get("status").asText(), enrollment,
                    w.path("hostname").asText("-"), note).flush();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a pending (or rejected) worker: it gets work from now on.")
    static final class Approve extends CampaignCommand.Client implements Callable<Integer> {
        @Parameters(paramLabel = "WORKER_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode r = call("POST", "/api/workers/" + id + "/approve", null, null);
            System.out.println("worker " + r.get("worker_id").asText() + " is " + r.get("enrollment").asText());
            return 0;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a worker: no work, and its registrations are refused with the reason.")
    static final class Reject extends CampaignCommand.Client implements Callable<Integer> {
        @Parameters(paramLabel = "WORKER_ID")
        String id;

        @Option(names = "--reason", description = "What the worker prints when it is refused (at most 500 characters)")
        String reason;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            JsonNode r = call("POST", "/api/workers/" + id + "/reject", "application/json", Json.write(body));
            System.out.println("worker " + r.get("worker_id").asText() + " is " + r.get("enrollment").asText()
                    + (r.hasNonNull("rejection_reason") ? ": " + r.get("rejection_reason").asText() : ""));
            return 0;
        }
    }

    @Command(name = "acknowledge", mixinStandardHelpOptions = true,
            description = "Accept an approved worker's changed hardware as its approved hardware.")
    static final class Acknowledge extends CampaignCommand.Client implements Callable<Integer> {
        @Parameters(paramLabel = "WORKER_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode r = call("POST", "/api/workers/" + id + "/acknowledge-hardware", null, null);
            System.out.println("worker " + r.get("worker_id").asText() + ": hardware acknowledged");
            return 0;
        }
    }
}
