package dev.fleetbench.common.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message between worker and coordinator: JSON with a {@code type} and the protocol version {@code v}.
 * Each message type is one record in this package with a {@code TYPE} constant and an entry in {@link MessageTypes},
 * which gives it its event-bus codec.
 */
public interface Message {

    /** The protocol version the sender speaks ({@link Protocol#VERSION}). */
    int v();

    /** The message type, fixed per record. */
    @JsonProperty(value = "type", access = JsonProperty.Access.READ_ONLY)
    String type();
}
