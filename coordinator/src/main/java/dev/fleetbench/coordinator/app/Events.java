package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.json.Json;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.Map;

/**
 * Publishes fleet and progress changes to this coordinator's event stream ({@code GET /api/events}). Local only: the
 * events never leave this JVM, and publishing never waits.
 */
public final class Events {

    /** The coordinator-internal address of the event stream. */
    public static final String ADDRESS = "fleetbench.coordinator.internal.events";

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus bus;

    public Events(EventBus bus) {
        this.bus = bus;
    }

    /** Event fields in the order given (key, value, key, value, …), so the stream's JSON reads the same every time. */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /**
     * Publishes one event: a type ("worker", "campaign", "lease") and its fields. The message is the type, a line
     * break, and the fields as JSON, ready for a server-sent event's {@code event:} and {@code data:} lines.
     */
    public void publish(String type, Map<String, ?> fields) {
        bus.publish(ADDRESS, type + "\n" + Json.write(fields), LOCAL);
    }
}
