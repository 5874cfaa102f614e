package dev.fleetbench.common.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.FailureCode;

/**
 * Encodes and decodes protocol messages. Decoding checks the size, the {@code type} and the version before it
 * binds the record, so a malformed or foreign message is rejected with a reason and never reaches a handler.
 */
public final class Wire {

    /** Largest message accepted (a batch of a few hundred samples with their texts stays far below). */
    public static final int MAX_MESSAGE_CHARS = 8 * 1024 * 1024;

    private Wire() {
    }

    public static String encode(Message m) {
        return Json.write(m);
    }

    /**
     * A message as it arrived: the record itself (decoded by its event-bus codec, or delivered within this process) or
     * its JSON text (a peer that sends text). Either way the version and the type are checked before a handler sees it.
     *
     * @throws ProtocolException PROTOCOL_MISMATCH for another version, INVALID_INPUT for anything malformed or of
     *                           another type
     */
    public static <T extends Message> T decode(Object body, Class<T> type) {
        String expectedType = MessageTypes.nameOf(type);
        if (body instanceof Message m) {
            if (m.v() != Protocol.VERSION) {
                throw mismatch(m.v());
            }
            if (!type.isInstance(m)) {
                throw new ProtocolException(FailureCode.INVALID_INPUT, "expected a '" + expectedType
                        + "' message, got '" + m.type() + "'");
            }
            return type.cast(m);
        }
        if (!(body instanceof String text)) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "expected a protocol record or its JSON text, got "
                    + (body == null ? "nothing" : body.getClass().getSimpleName()));
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "message of " + text.length()
                    + " characters exceeds the limit of " + MAX_MESSAGE_CHARS);
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "message is not valid JSON: " + firstLine(e));
        }
        if (!(tree instanceof ObjectNode obj)) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "message is not a JSON object");
        }
        JsonNode v = obj.get("v");
        if (v == null || !v.canConvertToInt()) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "message has no protocol version 'v'");
        }
        if (v.intValue() != Protocol.VERSION) {
            throw mismatch(v.intValue());
        }
        JsonNode t = obj.remove("type");
        if (t == null || !expectedType.equals(t.asText())) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "expected a '" + expectedType + "' message, got "
                    + (t == null ? "no type" : "'" + t.asText() + "'"));
        }
        try {
            return Json.mapper().treeToValue(obj, type);
        } catch (Exception e) {
            throw new ProtocolException(FailureCode.INVALID_INPUT, "malformed '" + expectedType + "' message: "
                    + firstLine(e));
        }
    }

    private static ProtocolException mismatch(int peerVersion) {
        return new ProtocolException(FailureCode.PROTOCOL_MISMATCH, "peer speaks protocol version " + peerVersion
                + ", this side speaks " + Protocol.VERSION);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
