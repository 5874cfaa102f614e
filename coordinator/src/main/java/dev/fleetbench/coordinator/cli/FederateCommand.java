package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.common.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetbench federate}: copies the finished campaigns of site coordinators into a hub coordinator
 * (docs/federation.md). Each campaign goes as a bundle, then its samples page by page; the hub stores each sample
 * once, so running it again (say, nightly from cron) copies only what is new.
 */
@Command(name = "federate", mixinStandardHelpOptions = true,
        description = "Copy finished campaigns from site coordinators into a hub coordinator.")
final class FederateCommand extends CampaignCommand.Client implements Callable<Integer> {

    static final int PAGE = 500;

    @Option(names = "--site", required = true, paramLabel = "NAME=URL",
            description = "A site coordinator, e.g. b12=http://10.1.0.5:8470 (repeat for several)")
    Map<String, String> sites = new LinkedHashMap<>();

    @Option(names = "--campaign", paramLabel = "ID", description = "Only these campaigns (repeatable; default all finished)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ApiClient hub = new ApiClient(url, token());
        checkNames(sites.keySet());
        PrintStream out = System.out;
        int copied = 0;
        for (Map.Entry<String, String> site : sites.entrySet()) {
            ApiClient from = new ApiClient(site.getValue(), null);
            for (JsonNode c : from.call("GET", "/api/campaigns", null, null)) {
                String id = c.get("id").asText();
                if (c.get("state").asText().equals("running") || !only.isEmpty() && !only.contains(id)) {
                    continue;
                }
                copied += copy(site.getKey(), from, hub, id, out);
            }
        }
        out.printf("federate: %d campaign(s) copied or completed into %s%n", copied, hub.url());
        return 0;
    }

    /** Copies one campaign unless the hub holds it whole already; returns 1 when something was copied. */
    static int copy(String site, ApiClient from, ApiClient hub, String id, PrintStream out)
            throws IOException, InterruptedException {
        JsonNode bundle = from.call("GET", "/api/campaigns/" + id + "/bundle", null, null);
        long total = bundle.get("samples").asLong();
        JsonNode there = hub.find("/api/campaigns/" + id);
        if (there != null && there.get("samples").asLong() >= total) {
            out.printf("%-10s %-14s up to date (%d samples)%n", site, id, total);
            return 0;
        }
        ((ObjectNode) bundle).put("site", site);
        JsonNode imported = hub.call("POST", "/api/import/campaigns", "application/json", Json.write(bundle));
        long stored = 0;
        long duplicates = 0;
        for (long offset = 0; offset < total; offset += PAGE) {
            JsonNode page = from.call("GET", "/api/campaigns/" + id + "/samples?offset=" + offset + "&limit=" + PAGE,
                    null, null);
            JsonNode ack = hub.call("POST", "/api/import/campaigns/" + id + "/samples", "application/json",
                    Json.write(Map.of("samples", page)));
            stored += ack.get("stored").asLong();
            duplicates += ack.get("duplicates").asLong();
        }
        out.printf("%-10s %-14s %d cells, %d samples stored, %d already there, %d workers added%n", site, id,
                imported.get("cells").asInt(), stored, duplicates, imported.get("workers_added").asInt());
        return 1;
    }

    /** Site names become the {@code site} label of the hub's copies of their workers. */
    static void checkNames(Set<String> names) {
        names.forEach(n -> {
            if (!n.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("site name '" + n + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
        });
    }
}
