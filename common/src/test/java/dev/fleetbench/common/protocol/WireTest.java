package dev.fleetbench.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.common.testing.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {

    private static final int V = Protocol.VERSION;
    private static final ModelVariant VARIANT = new ModelVariant("stories260K", "stories260k", DeviceType.CPU,
            "llama.cpp-cpu", 1_185_376, 292_800, "F32");

    static List<Message> examples() {
        return List.of(
                new RegisterRequest(V, "w-3f2a", "0.1.0", Fixtures.intelDesktop(), new EngineDescriptor("embedded", "b4916"),
                        List.of(VARIANT), List.of("stories260K"), Map.of("room", "b12"))
                        .withProof(new RegisterProof(1_740_823_200_000L, "00112233445566778899aabbccddeeff",
                                "5d41402abc4b2a76b9719d911017c592ae1b0f7c8e3d2a1b9f6e5d4c3b2a1908"))
                        .withInstance("0f6c2b1e-8d4a-4c3b-9e2f-1a7b5c9d3e40"),
                new RegisterReply(V, true, null, "welcome", 1000, "5e55107e"),
                new Heartbeat(V, "w-3f2a", WorkerState.BUSY, "l-1", true, PowerSource.AC, 12, "5e55107e"),
                new HeartbeatReply(V, true, List.of("l-0")),
                new LeaseRequest(V, "w-3f2a", "5e55107e"),
                new LeaseReply(V, new Lease("l-1", "c-1", 1, VARIANT,
                        List.of(new LeasePrompt("cell-1", new PromptSpec("once", UseCase.CHAT, "Once upon a time", 32, null), 2, 3)),
                        1, "5c3f0e9a1d2b", 120, false), 0, null),
                new SampleBatch(V, "w-3f2a", "b-7", List.of(), "5e55107e"),
                new BatchAck(V, "b-7", 10, 2, 0),
                new LeaseProgress(V, "w-3f2a", "l-1", "download", "model.onnx 45 %", 45.0, "5e55107e"),
                new LeaseFinished(V, "w-3f2a", "l-1", new ModelPhases("stories260K", null, null, 120.0, 5.0, 30.0,
                        50_000_000L, 98.0, 98.0, null, null, List.of()), false, "5e55107e"),
                new LeaseFinishedAck(V, "l-1"));
    }

    @Test
    void everyMessageIsPinnedAndRoundTrips() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Message m : examples()) {
            all.put(m.type(), m);
            @SuppressWarnings("unchecked")
            Class<Message> type = (Class<Message>) m.getClass();
            assertThat(Wire.decode(Wire.encode(m), type, m.type())).isEqualTo(m);
        }
        Golden.assertMatches("protocol-messages.json", Json.writePretty(all));
    }

    @Test
    void aSampleBatchCarriesSamplesIntact() {
        SampleBatch batch = new SampleBatch(V, "w", "b", List.of(Samples.ok("m", "p", 10, 5, 4)), "s");
        assertThat(Wire.decode(Wire.encode(batch), SampleBatch.class, SampleBatch.TYPE)).isEqualTo(batch);
    }

    @Test
    void anotherVersionIsRefusedNamingBothVersions() {
        String future = "{\"v\":" + (V + 1) + ",\"type\":\"lease-request\",\"worker_id\":\"w\"}";
        assertThatThrownBy(() -> Wire.decode(future, LeaseRequest.class, LeaseRequest.TYPE))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.PROTOCOL_MISMATCH))
                .hasMessage("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
    }

    @Test
    void malformedMessagesAreRejectedWithAReason() {
        assertThatThrownBy(() -> Wire.decode("{", LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessageStartingWith("message is not valid JSON");
        assertThatThrownBy(() -> Wire.decode("[1]", LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessage("message is not a JSON object");
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"lease-request\"}", LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessage("message has no protocol version 'v'");
        assertThatThrownBy(() -> Wire.decode("{\"v\":" + V + ",\"type\":\"heartbeat\"}", LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessage("expected a 'lease-request' message, got 'heartbeat'");
        assertThatThrownBy(() -> Wire.decode("{\"v\":" + V + ",\"type\":\"lease-request\",\"worker\":1}",
                LeaseRequest.class, LeaseRequest.TYPE)).hasMessageContaining("malformed 'lease-request' message")
                .hasMessageContaining("worker");
        assertThatThrownBy(() -> Wire.decode(42, LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessage("expected a JSON text message, got Integer");
        assertThatThrownBy(() -> Wire.decode("x".repeat(Wire.MAX_MESSAGE_CHARS + 1), LeaseRequest.class, LeaseRequest.TYPE))
                .hasMessageContaining("exceeds the limit");
    }
}
