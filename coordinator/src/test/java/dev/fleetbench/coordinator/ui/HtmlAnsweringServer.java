package dev.fleetbench.coordinator.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A minimal OpenAI-compatible server on loopback whose one model, {@value #MODEL}, answers every prompt with
 * {@link #ANSWER}: HTML and script that must reach the browser as text. A real worker agent ({@code --engine openai})
 * measures it, so the answer travels the real way: stream → sample → outbox → batch → store → REST → page.
 */
final class HtmlAnsweringServer implements AutoCloseable {

    static final String MODEL = "html-bot";
    /** Each part would set window.__pwned if it were ever parsed as HTML. */
    static final String ANSWER = "Sure! <img src=x onerror=\"window.__pwned='img'\"> and "
            + "<script>window.__pwned='script'</script> <b>bold?</b> <a href=\"javascript:window.__pwned='link'\">click</a> "
            + "& done.";

    private final HttpServer server;

    HtmlAnsweringServer(int tokenDelayMs) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "html-answering-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/models", x -> send(x, 200, "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}"));
        server.createContext("/version", x -> send(x, 200, "application/json", "{\"version\":\"html-answering 1\"}"));
        server.createContext("/v1/chat/completions", x -> stream(x, tokenDelayMs));
        server.createContext("/", x -> send(x, 404, "application/json", "{\"error\":\"not here\"}"));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The answer in chunks of a few characters, like tokens. */
    static List<String> chunks() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ANSWER.length(); i += 6) {
            out.add(ANSWER.substring(i, Math.min(ANSWER.length(), i + 6)));
        }
        return out;
    }

    private static void stream(HttpExchange x, int delayMs) throws IOException {
        x.getRequestBody().readAllBytes();
        x.getResponseHeaders().set("content-type", "text/event-stream");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            List<String> parts = chunks();
            for (String part : parts) {
                write(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + jsonString(part) + "},\"finish_reason\":null}]}");
                sleep(delayMs);
            }
            write(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                    + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            write(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                    + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + parts.size()
                    + ",\"total_tokens\":" + (7 + parts.size()) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void write(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("content-type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
