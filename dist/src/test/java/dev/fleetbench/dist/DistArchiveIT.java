package dev.fleetbench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux x64 archive as a lab PC gets it: unpacked, started with no Java on PATH and no JAVA_HOME, so only its own
 * runtime can run it. It must profile the machine, run a coordinator, generate a worker service, and a worker started
 * from that service's exact ExecStart line must join the coordinator.
 */
class DistArchiveIT {

    @TempDir
    static Path root;
    static Path home;
    static Path bin;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void unpack() throws Exception {
        Path target = Path.of(System.getProperty("fleetbench.dist.dir", "target"));
        String version = System.getProperty("fleetbench.version", "0.1.0-SNAPSHOT");
        Path archive = target.resolve("fleetbench-" + version + "-linux-x64.tar.gz");
        assertTrue(Files.isRegularFile(archive), "no archive " + archive + ": run ./mvnw package first");
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", root.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        home = root.resolve("fleetbench-" + version);
        for (String f : List.of("fleetbench", "fleetbench.cmd", "VERSION", "lib/fleetbench-worker.jar",
                "lib/fleetbench-coordinator.jar", "licenses/THIRD-PARTY.txt", "licenses/stories260K.LICENSE.md",
                "runtime/bin/java", "docs/api.md", "README.md")) {
            assertTrue(Files.exists(home.resolve(f)), "the archive lacks " + f);
        }
        assertEquals(version, Files.readString(home.resolve("VERSION")).trim());
        // A PATH with the shell tools the launcher uses and no java: only the bundled runtime can run FleetBench.
        bin = Files.createDirectories(root.resolve("bin"));
        for (String tool : List.of("bash", "sed", "head", "cut", "dirname", "env")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void profilesTheMachineWithItsOwnRuntime() throws Exception {
        Run r = run(List.of(home.resolve("fleetbench").toString(), "hardware"),
                Map.of("JAVA_OPTS", "-XshowSettings:properties"), 120);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("java.home = " + home.resolve("runtime")), "not the bundled runtime:\n" + r.out);
        assertTrue(r.out.contains("CPU"), r.out);
    }

    @Test
    void aWorkerStartedFromItsServiceUnitJoinsTheCoordinator() throws Exception {
        int http = freePort();
        int cluster = freePort();
        Path data = Files.createDirectories(root.resolve("coordinator-data"));
        started.add(start(List.of(home.resolve("fleetbench").toString(), "coordinator", "--http-port", "" + http,
                "--cluster-port", "" + cluster, "--data-dir", data.toString()), root.resolve("coordinator.log")));
        HttpClient client = HttpClient.newHttpClient();
        awaitBody(client, "http://127.0.0.1:" + http + "/api/health", "", 120);

        Path workerData = root.resolve("worker-data");
        Run unit = run(List.of(home.resolve("fleetbench").toString(), "worker", "install-service", "--dry-run",
                "--join", "127.0.0.1:" + cluster, "--label", "room=B 12", "--data-dir", workerData.toString()), Map.of(), 120);
        assertEquals(0, unit.code, unit.out);
        String execStart = unit.out.lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow(() -> new AssertionError("no ExecStart in:\n" + unit.out)).substring("ExecStart=".length());
        List<String> command = SystemdLine.split(execStart);
        assertEquals(home.resolve("fleetbench").toString(), command.get(0));
        assertTrue(command.contains("room=B 12"), command.toString());

        Path unitFile = root.resolve("fleetbench-worker.service");
        Files.writeString(unitFile, unit.out.substring(unit.out.indexOf("# Written by"), unit.out.indexOf("[Install]"))
                + "[Install]\nWantedBy=multi-user.target\n");
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            Run verify = run(List.of("/usr/bin/systemd-analyze", "verify", unitFile.toString()), Map.of(), 60);
            assertEquals(0, verify.code, verify.out);
        }

        started.add(start(command, root.resolve("worker.log")));
        String workers = awaitBody(client, "http://127.0.0.1:" + http + "/api/workers", "\"room\"", 180);
        assertTrue(workers.contains("B 12"), workers);
    }

    private Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        env(pb, Map.of());
        return pb.start();
    }

    private static void env(ProcessBuilder pb, Map<String, String> extra) {
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FLEETBENCH_") || k.equals("JAVA_HOME") || k.equals("JAVA_OPTS"));
        env.put("PATH", bin.toString());
        env.put("HOME", root.toString());
        env.putAll(extra);
    }

    private static Run run(List<String> command, Map<String, String> extra, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        env(pb, extra);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "did not end: " + command);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String awaitBody(HttpClient client, String url, String mustContain, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains(mustContain)) {
                    return r.body();
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " did not answer with " + mustContain + " within " + seconds + " s; last: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Run(int code, String out) {
    }
}
