package dev.fleetbench.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.testing.ProtocolExamples;
import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.common.testing.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {

    private static final int V = Protocol.VERSION;

    static List<Message> examples() {
        return ProtocolExamples.all();
    }

    @Test
    void everyMessageIsPinnedAndRoundTrips() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Message m : examples()) {
            all.put(m.type(), m);
            @SuppressWarnings("unchecked")
            Class<Message> type = (Class<Message>) m.getClass();
            assertThat(Wire.decode(Wire.encode(m), type)).isEqualTo(m);
            assertThat(Wire.decode(m, type)).as("a record delivered as itself").isSameAs(m);
        }
        Golden.assertMatches("protocol-messages.json", Json.writePretty(all));
    }

    @Test
    void aSampleBatchCarriesSamplesIntact() {
        SampleBatch batch = new SampleBatch(V, "w", "b", List.of(Samples.ok("m", "p", 10, 5, 4)), "s");
        assertThat(Wire.decode(Wire.encode(batch), SampleBatch.class)).isEqualTo(batch);
    }

    @Test
    void anotherVersionIsRefusedNamingBothVersions() {
        String future = "{\"v\":" + (V + 1) + ",\"type\":\"lease-request\",\"worker_id\":\"w\"}";
        assertThatThrownBy(() -> Wire.decode(future, LeaseRequest.class))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.PROTOCOL_MISMATCH))
                .hasMessage("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
    }

    @Test
    void aRecordOfAnotherVersionOrTypeIsRefusedLikeItsText() {
        assertThatThrownBy(() -> Wire.decode(new LeaseRequest(V + 1, "w", "s"), LeaseRequest.class))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.PROTOCOL_MISMATCH))
                .hasMessage("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
        assertThatThrownBy(() -> Wire.decode(new LeaseFinishedAck(V, "l-1"), LeaseRequest.class))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_INPUT))
                .hasMessage("expected a 'lease-request' message, got 'lease-finished-ack'");
    }

    @Test
    void malformedMessagesAreRejectedWithAReason() {
        assertThatThrownBy(() -> Wire.decode("{", LeaseRequest.class))
                .hasMessageStartingWith("message is not valid JSON");
        assertThatThrownBy(() -> Wire.decode("[1]", LeaseRequest.class))
                .hasMessage("message is not a JSON object");
        assertThatThrownBy(() -> Wire.decode("{\"type\":\"lease-request\"}", LeaseRequest.class))
                .hasMessage("message has no protocol version 'v'");
        assertThatThrownBy(() -> Wire.decode("{\"v\":" + V + ",\"type\":\"heartbeat\"}", LeaseRequest.class))
                .hasMessage("expected a 'lease-request' message, got 'heartbeat'");
        assertThatThrownBy(() -> Wire.decode("{\"v\":" + V + ",\"type\":\"lease-request\",\"worker\":1}",
                LeaseRequest.class)).hasMessageContaining("malformed 'lease-request' message")
                .hasMessageContaining("worker");
        assertThatThrownBy(() -> Wire.decode(42, LeaseRequest.class))
                .hasMessage("expected a protocol record or its JSON text, got Integer");
        assertThatThrownBy(() -> Wire.decode("x".repeat(Wire.MAX_MESSAGE_CHARS + 1), LeaseRequest.class))
                .hasMessageContaining("exceeds the limit");
    }
}
