package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.text.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetbench campaign submit|list|status|cancel}: a thin client of the coordinator's REST API. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Submit and follow campaigns.",
        subcommands = {CampaignCommand.Submit.class, CampaignCommand.ListCampaigns.class, CampaignCommand.Status.class,
            CampaignCommand.Cancel.class})
final class CampaignCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options every subcommand shares. */
    static class Client {
        @Option(names = "--url", defaultValue = "${env:FLEETBENCH_URL:-http://127.0.0.1:8470}",
                description = "Coordinator URL (default ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--token", defaultValue = "${env:FLEETBENCH_TOKEN}",
                description = "Bearer token (env FLEETBENCH_TOKEN; an option value shows in the process list)")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token")
        java.nio.file.Path tokenFile;

        JsonNode call(String method, String path, String contentType, String body) throws IOException, InterruptedException {
            return new ApiClient(url, token()).call(method, path, contentType, body);
        }

        /** The token from --token-file, else --token or FLEETBENCH_TOKEN; null when none. */
        String token() {
            dev.fleetbench.common.bus.Secret fromFile = dev.fleetbench.common.bus.Secret.resolve("the API token",
                    tokenFile, null);
            return fromFile != null ? fromFile.reveal() : token;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a campaign spec (YAML or JSON).")
    static final class Submit extends Client implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            // Notepad and PowerShell mark their files with a byte-order mark, which the coordinator's parser would
            // read as a character before the first key
            String text = TextFiles.read(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".json") ? "application/json" : "application/yaml";
            JsonNode r = call("POST", "/api/campaigns", type, text);
            System.out.println(r.get("kind").asText() + " " + r.get("id").asText() + " created with "
                    + r.get("cells_total").asInt() + " cells");
            r.get("notes").forEach(n -> System.out.println("  note: " + n.asText()));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List campaigns with their progress.")
    static final class ListCampaigns extends Client implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            JsonNode list = call("GET", "/api/campaigns", null, null);
            System.out.printf("%-14s %-10s %7s %6s %6s %6s  %s%n", "ID", "STATE", "CELLS", "DONE", "FAILED", "DNF", "NAME");
            for (JsonNode c : list) {
                System.out.printf("%-14s %-10s %7d %6d %6d %6d  %s%n", c.get("id").asText(), c.get("state").asText(),
                        c.get("cells_total").asInt(), c.get("cells_done").asInt(), c.get("cells_failed").asInt(),
                        c.get("cells_does_not_fit").asInt(), c.get("name").asText());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show one campaign; --follow shows a progress bar until it ends.")
    static final class Status extends Client implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--follow", description = "Show a progress bar (cells, samples, time left) until the campaign"
                + " ends; exits 0 when it is done, 1 when it was cancelled")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            if (follow) {
                JsonNode end = DemoCommand.follow(path -> call("GET", path, null, null), id, Long.MAX_VALUE, System.out,
                        System.console() != null, 1000);
                System.out.println("campaign " + id + " " + end.get("state").asText());
                return end.get("state").asText().equals("done") ? 0 : 1;
            }
            System.out.print(Json.writePretty(call("GET", "/api/campaigns/" + id, null, null)));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running campaign.")
    static final class Cancel extends Client implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode r = call("POST", "/api/campaigns/" + id + "/cancel", null, null);
            System.out.println("campaign " + r.get("id").asText() + " is " + r.get("state").asText());
            return 0;
        }
    }
}
