package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.MessageTypes;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.ProtocolException;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.common.testing.ProtocolExamples;
import dev.fleetbench.common.testing.Samples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire form of every message record, as one cluster member writes it and another reads it. */
class MessageCodecsTest {

    private static final int V = Protocol.VERSION;

    @Test
    void everyMessageRecordHasACodecAndAnExample() {
        Set<Class<?>> records = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetbench.common.protocol").stream()
                .filter(c -> c.isAssignableTo(Message.class) && !c.isInterface())
                .map(JavaClass::reflect).collect(Collectors.toSet());
        assertThat(records).hasSize(11);
        assertThat(new HashSet<Class<?>>(MessageTypes.all())).isEqualTo(records);
        assertThat(ProtocolExamples.all().stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(records);
    }

    @Test
    void everyMessageRoundTripsThroughItsCodecOnTheWireAndIsHandedOverAsItselfLocally() {
        for (Message m : ProtocolExamples.all()) {
            MessageCodec<Message, Message> codec = codecOf(m);
            assertThat(codec.name()).isEqualTo("fleetbench." + m.type());
            assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
            // the body follows the event bus's own header bytes: decoding starts where it is told to
            Buffer wire = Buffer.buffer().appendString("header");
            codec.encodeToWire(wire, m);
            wire.appendString("trailer");
            assertThat(codec.decodeFromWire(6, wire)).as(m.type()).isEqualTo(m);
            assertThat(codec.transform(m)).isSameAs(m);
        }
    }

    @Test
    void aBatchOfSamplesKeepsEverySampleIntactOnTheWire() {
        SampleBatch batch = new SampleBatch(V, "w", "b", List.of(Samples.ok("m", "p", 10, 5, 4),
                Samples.ok("m", "p", 11, 6, 4)), "s");
        MessageCodec<Message, Message> codec = codecOf(batch);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, batch);
        assertThat(codec.decodeFromWire(0, wire)).isEqualTo(batch);
    }

    @Test
    void aRecordOfAnotherVersionIsRefusedWhenReadNamingBothVersions() {
        MessageCodec<LeaseRequest, LeaseRequest> codec = MessageCodecs.codec(LeaseRequest.class);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, new LeaseRequest(V + 1, "w-future", "s"));
        assertThatThrownBy(() -> codec.decodeFromWire(0, wire))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.PROTOCOL_MISMATCH))
                .hasMessage("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
    }

    @Test
    void aRecordOfAnotherTypeOrATruncatedOneIsRefusedWithTheReason() {
        Buffer beat = Buffer.buffer();
        MessageCodecs.codec(Heartbeat.class).encodeToWire(beat, new Heartbeat(V, "w", WorkerState.IDLE, null, true,
                PowerSource.AC, 0, "s"));
        MessageCodec<LeaseRequest, LeaseRequest> lease = MessageCodecs.codec(LeaseRequest.class);
        assertThatThrownBy(() -> lease.decodeFromWire(0, beat))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_INPUT))
                .hasMessage("expected a 'lease-request' message, got 'heartbeat'");
        Buffer truncated = beat.getBuffer(0, beat.length() - 10);
        assertThatThrownBy(() -> lease.decodeFromWire(0, truncated))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_INPUT))
                .hasMessageStartingWith("truncated 'lease-request' message");
    }

    @Test
    void aClassOutsideTheProtocolHasNoCodec() {
        assertThatThrownBy(() -> MessageTypes.nameOf(Message.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a message record");
    }

    @SuppressWarnings("unchecked")
    private static MessageCodec<Message, Message> codecOf(Message m) {
        return MessageCodecs.codec((Class<Message>) m.getClass());
    }
}
