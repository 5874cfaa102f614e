package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.worker.llamacpp.NativeLlamaCpp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real native {@code llama-server} on loopback with an ephemeral port, serving one GGUF file, for the OpenAI
 * engine's tests. Its log goes to a file (shown when it does not come up). Closing kills it.
 */
final class LlamaServerProcess implements AutoCloseable {

    private final Process process;
    private final String endpoint;
    private final Path log;

    private LlamaServerProcess(Process process, String endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts the server on {@code model} with one thread and waits until {@code /health} says ok (60 s at most). */
    static LlamaServerProcess start(NativeLlamaCpp tools, Path model, List<String> extra) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("llama-server-", ".log");
            List<String> args = new ArrayList<>(List.of("-m", model.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "-t", "1", "-c", "1024", "-np", "1"));
            args.addAll(extra);
            Process p = tools.tool("llama-server", args).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            String endpoint = "http://127.0.0.1:" + port;
            if (awaitHealthy(p, endpoint, Duration.ofSeconds(60))) {
                return new LlamaServerProcess(p, endpoint, log);
            }
            p.destroyForcibly().waitFor();
            last = new IOException("llama-server did not come up on port " + port + ": " + tail(log));
        }
        throw last;
    }

    private static boolean awaitHealthy(Process p, String endpoint, Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(endpoint + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    String endpoint() {
        return endpoint;
    }

    /** SIGKILL, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String logTail() {
        return tail(log);
    }

    @Override
    public void close() throws Exception {
        kill();
        Files.deleteIfExists(log);
    }
}
