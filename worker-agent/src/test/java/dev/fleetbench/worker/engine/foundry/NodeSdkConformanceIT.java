package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §8 item 8: the double speaks the protocol as its real clients expect, not only as our client does. The
 * legacy JavaScript SDK ({@code foundry-local-sdk@0.5.0}, which drives the {@code foundry} CLI and the G1 routes)
 * and the official {@code openai} package, installed from the npm registry into {@code target/} at test time (never
 * committed; reused by later runs), run {@code conformance.mjs} with the fake {@code foundry} first on PATH. Skipped
 * only when {@code node} or {@code npm} is missing.
 */
@DisabledOnOs(OS.WINDOWS)
class NodeSdkConformanceIT {

    private static final Path NODE_DIR = Path.of("target", "foundry-conformance-node").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void legacyJsSdkAndOpenAiClientDriveTheDouble() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the conformance test");
        installPackages();
        Files.copy(NodeSdkConformanceIT.class.getResourceAsStream("/foundry-conformance/conformance.mjs"),
                NODE_DIR.resolve("conformance.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir)) {
            ProcessBuilder pb = new ProcessBuilder("node", "conformance.mjs", "phi-4-mini").directory(NODE_DIR.toFile())
                    .redirectErrorStream(false);
            pb.environment().put("PATH", d.binDir() + File.pathSeparator + System.getenv("PATH"));
            Process p = pb.start();
            p.getOutputStream().close();
            String stdout = read(p.getInputStream());
            String stderr = read(p.getErrorStream());
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(p.exitValue()).as("stdout %s%nstderr %s", stdout, stderr).isZero();
            String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
            System.out.println("conformance result: " + last);
            JsonNode r = CatalogJson.MAPPER.readTree(last);

            // discovery through the fake CLI: the SDK started the stopped service and found its URL
            assertThat(d.cliCalls()).contains("service status", "service start");
            assertThat(r.get("serviceUrl").asText()).isEqualTo(d.baseUrl());
            assertThat(r.get("catalogSize").asInt()).isEqualTo(d.catalog().size());
            // the SDK resolves the alias to the same variant as our resolver (Linux: first in service order)
            try (FoundryEngine engine = DoubleSupport.engine(d)) {
                assertThat(r.get("resolvedId").asText()).isEqualTo(engine.resolve("phi-4-mini", (DeviceType) null).id())
                        .isEqualTo("Phi-4-mini-instruct-vitis-npu:2");
            }
            assertThat(r.get("executionProvider").asText()).isEqualTo("VitisAIExecutionProvider");
            // download with progress, result JSON in its own chunk ("No JSON data received!" otherwise)
            // (the SDK reads the first percentage of each read, so coalesced chunks hide some steps: at least two)
            List<Integer> progress = new java.util.ArrayList<>();
            r.get("progress").forEach(n -> progress.add(n.asInt()));
            assertThat(progress).hasSizeGreaterThanOrEqualTo(2).isSorted().endsWith(100);
            assertThat(r.get("cached").toString()).contains("Phi-4-mini-instruct-vitis-npu:2");
            assertThat(r.get("loaded").toString()).contains("Phi-4-mini-instruct-vitis-npu:2");
            assertThat(r.get("cacheLocation").asText()).isEqualTo(d.cacheDir().toString());
            // the openai client streamed real tokens through the legacy quirks
            assertThat(r.get("chunks").asInt()).isEqualTo(8);
            assertThat(r.get("text").asText()).startsWith(", there was");
            assertThat(r.get("loadedAfterUnload")).isEmpty();
            assertThat(d.requests()).contains("GET /openai/load/Phi-4-mini-instruct-vitis-npu:2?ttl=600");
        }
    }

    private static void installPackages() throws IOException, InterruptedException {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/foundry-local-sdk"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/openai"))) {
            return;
        }
        Files.createDirectories(NODE_DIR);
        Files.writeString(NODE_DIR.resolve("package.json"),
                "{\"name\":\"fleetbench-foundry-conformance\",\"private\":true,\"type\":\"module\"}\n");
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "foundry-local-sdk@0.5.0", "openai")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String log = read(p.getInputStream());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("npm install finished").isTrue();
        assertThat(p.exitValue()).as("npm install: %s", log).isZero();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return List.of(path.split(File.pathSeparator)).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
