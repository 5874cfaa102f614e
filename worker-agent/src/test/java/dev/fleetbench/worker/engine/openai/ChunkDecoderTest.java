package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.worker.engine.openai.StreamEvent.Chunk;
import dev.fleetbench.worker.engine.openai.StreamEvent.EngineError;
import dev.fleetbench.worker.engine.openai.StreamEvent.Malformed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkDecoder} on golden streams captured from (or modelled on) real servers: each fixture under
 * {@code src/test/resources/openai/} is parsed with {@link SseParser} in one piece, character by character, and in
 * random pieces, decoded, rendered one line per fact, and compared with {@code golden/openai/NAME.expected}.
 */
class ChunkDecoderTest {

    private final ChunkDecoder decoder = new ChunkDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp-stream", "openai-usage-separate", "foundry-legacy", "reasoning",
            "error-midstream", "malformed"})
    void decodesGoldenStreamsTheSameWhateverThePieces(String name) throws IOException {
        String text = fixture(name + ".sse");
        String whole = render(parse(text, new int[]{text.length()}));
        Golden.assertMatches("openai/" + name + ".expected", whole);
        assertThat(render(parse(text, new int[]{1}))).isEqualTo(whole);
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            int[] sizes = random.ints(64, 1, 40).toArray();
            assertThat(render(parse(text, sizes))).as("random pieces, seed 42 round %d", i).isEqualTo(whole);
        }
    }

    @Test
    void readsContentReasoningRoleFinishUsageAndTimings() {
        Chunk c = (Chunk) decoder.decode("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"reasoning_content\":\"hm\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5},"
                + "\"timings\":{\"prompt_n\":3,\"predicted_ms\":1.5,\"note\":\"x\",\"n\":null}}");
        assertThat(c.role()).isEqualTo("assistant");
        assertThat(c.reasoning()).isEqualTo("hm");
        assertThat(c.content()).isEqualTo("Hi");
        assertThat(c.finishReason()).isEqualTo("stop");
        assertThat(c.usage()).isEqualTo(new StreamEvent.Usage(3, 2, 5));
        assertThat(c.timings()).isEqualTo(Map.of("prompt_n", 3.0, "predicted_ms", 1.5));
        assertThat(c.hasText()).isTrue();
    }

    @Test
    void roleOnlyEmptyAndUsageOnlyChunksCarryNoText() {
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"))
                .hasText()).isFalse();
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"delta\":{}}]}")).hasText()).isFalse();
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"delta\":{\"content\":null}}]}")).hasText()).isFalse();
        Chunk usageOnly = (Chunk) decoder.decode("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":4,\"total_tokens\":5}}");
        assertThat(usageOnly.hasText()).isFalse();
        assertThat(usageOnly.usage().completionTokens()).isEqualTo(4);
        assertThat(((Chunk) decoder.decode("")).hasText()).isFalse();
        assertThat(((Chunk) decoder.decode("{\"choices\":[],\"usage\":null}")).usage()).isNull();
    }

    @Test
    void toleratesLegacyFoundryKeysAndCountsDuplicatedMessageOnce() {
        Chunk c = (Chunk) decoder.decode("{\"id\":\"chat.id.7\",\"model\":null,\"IsDelta\":true,\"Successful\":true,"
                + "\"HttpStatusCode\":0,\"error\":null,\"choices\":[{\"index\":7,\"delta\":{\"content\":\"x\"},"
                + "\"message\":{\"content\":\"x\"},\"finish_details\":null}]}");
        assertThat(c.content()).isEqualTo("x");
        assertThat(c.finishReason()).isNull();
    }

    @Test
    void fallsBackToMessageOrTextWhenAChoiceHasNoDelta() {
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"message\":{\"content\":\"m\"}}]}")).content())
                .isEqualTo("m");
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"text\":\"t\"}]}")).content()).isEqualTo("t");
    }

    @Test
    void prefersReasoningContentOverReasoning() {
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"delta\":{\"reasoning\":\"r\"}}]}")).reasoning())
                .isEqualTo("r");
        assertThat(((Chunk) decoder.decode("{\"choices\":[{\"delta\":{\"reasoning_content\":\"a\","
                + "\"reasoning\":\"b\"}}]}")).reasoning()).isEqualTo("a");
    }

    @Test
    void readsErrorsAsObjectsStringsOrAnything() {
        assertThat(decoder.decode("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":500}}"))
                .isEqualTo(new EngineError("boom", "server_error", "500"));
        assertThat(decoder.decode("{\"error\":\"plain\"}")).isEqualTo(new EngineError("plain", null, null));
        assertThat(((EngineError) decoder.decode("{\"error\":{\"detail\":1}}")).message()).isEqualTo("{\"detail\":1}");
    }

    @Test
    void malformedPayloadsAreTypedNotThrown() {
        assertThat(decoder.decode("{\"choices\":")).isInstanceOf(Malformed.class);
        assertThat(decoder.decode("42")).isInstanceOf(Malformed.class);
        assertThat(decoder.decode("{} {}")).isInstanceOf(Malformed.class);
        Malformed m = (Malformed) decoder.decode("{" + "\"k\":1,".repeat(100) + "x");
        assertThat(m.excerpt()).hasSizeLessThanOrEqualTo(201);
    }

    private List<String> parse(String text, int[] pieceSizes) {
        SseParser parser = new SseParser();
        List<SseParser.Item> items = new ArrayList<>();
        int pos = 0;
        int i = 0;
        while (pos < text.length()) {
            int n = Math.min(pieceSizes[i++ % pieceSizes.length], text.length() - pos);
            items.addAll(parser.feed(text.substring(pos, pos + n)));
            pos += n;
        }
        items.addAll(parser.finish());
        List<String> lines = new ArrayList<>();
        for (SseParser.Item item : items) {
            if (item instanceof SseParser.Invalid inv) {
                lines.add("INVALID " + inv.reason());
            } else if (((SseParser.Event) item).isDone()) {
                lines.add("DONE");
            } else {
                lines.addAll(describe(decoder.decode(((SseParser.Event) item).data())));
            }
        }
        return lines;
    }

    private static List<String> describe(StreamEvent e) {
        List<String> out = new ArrayList<>();
        if (e instanceof Chunk c) {
            if (c.role() != null) {
                out.add("ROLE " + c.role());
            }
            if (c.reasoning() != null) {
                out.add("REASONING \"" + c.reasoning() + "\"");
            }
            if (c.content() != null) {
                out.add("CONTENT \"" + c.content() + "\"");
            }
            if (c.finishReason() != null) {
                out.add("FINISH " + c.finishReason());
            }
            if (c.usage() != null) {
                out.add("USAGE prompt=" + c.usage().promptTokens() + " completion=" + c.usage().completionTokens()
                        + " total=" + c.usage().totalTokens());
            }
            if (!c.timings().isEmpty()) {
                out.add("TIMINGS " + c.timings().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining(" ")));
            }
            if (out.isEmpty()) {
                out.add("EMPTY");
            }
        } else if (e instanceof EngineError err) {
            out.add("ERROR \"" + err.message() + "\" type=" + err.type() + " code=" + err.code());
        } else if (e instanceof Malformed m) {
            int colon = m.reason().indexOf(':');
            out.add("MALFORMED " + (colon < 0 ? m.reason() : m.reason().substring(0, colon)));
        }
        return out;
    }

    private static String render(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ChunkDecoderTest.class.getResourceAsStream("/openai/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
