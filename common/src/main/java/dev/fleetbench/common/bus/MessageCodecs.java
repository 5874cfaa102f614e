package dev.fleetbench.common.bus;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.MessageTypes;
import dev.fleetbench.common.protocol.ProtocolException;
import dev.fleetbench.common.protocol.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * One event-bus codec per message record, registered as the default codec of its class, so that records travel as
 * themselves: sent as the record, received as the record. Within a process a record is handed over as it is (records
 * are immutable); between cluster members it travels as its JSON text ({@link Wire}) behind a length, under the codec
 * name {@code fleetbench.<type>}, and is decoded lazily on the receiver, where a record of another protocol version or
 * type, or a malformed one, fails with a {@link ProtocolException} when the handler reads the body.
 */
public final class MessageCodecs {

    /** Codec names are this prefix and the record's {@code type}, e.g. {@code fleetbench.batch-ack}. */
    public static final String PREFIX = "fleetbench.";

    private static final Set<EventBus> INSTALLED = Collections.newSetFromMap(new WeakHashMap<>());

    private MessageCodecs() {
    }

    /** Registers the codec of every message record on the bus, once per bus. Thread-safe. */
    public static void install(EventBus bus) {
        synchronized (INSTALLED) {
            if (!INSTALLED.add(bus)) {
                return;
            }
            for (Class<? extends Message> type : MessageTypes.all()) {
                register(bus, type);
            }
        }
    }

    private static <T extends Message> void register(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, codec(type));
    }

    /** The codec of one message record. */
    public static <T extends Message> MessageCodec<T, T> codec(Class<T> type) {
        return new RecordCodec<>(type);
    }

    /** A record's codec: JSON text on the wire, the record itself within a process. */
    private static final class RecordCodec<T extends Message> implements MessageCodec<T, T> {

        private final Class<T> type;
        private final String name;

        RecordCodec(Class<T> type) {
            this.type = type;
            this.name = PREFIX + MessageTypes.nameOf(type);
        }

        @Override
        public void encodeToWire(Buffer buffer, T message) {
            byte[] json = Wire.encode(message).getBytes(StandardCharsets.UTF_8);
            buffer.appendInt(json.length).appendBytes(json);
        }

        @Override
        public T decodeFromWire(int pos, Buffer buffer) {
            String text;
            try {
                int length = buffer.getInt(pos);
                if (length < 0 || length > buffer.length() - pos - 4) {
                    throw new IndexOutOfBoundsException("a length of " + length + " bytes at " + pos + " in "
                            + buffer.length());
                }
                text = buffer.getString(pos + 4, pos + 4 + length, StandardCharsets.UTF_8.name());
            } catch (RuntimeException e) {
                throw new ProtocolException(FailureCode.INVALID_INPUT, "truncated '" + MessageTypes.nameOf(type)
                        + "' message: " + e.getMessage());
            }
            return Wire.decode(text, type);
        }

        @Override
        public T transform(T message) {
            return message;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
