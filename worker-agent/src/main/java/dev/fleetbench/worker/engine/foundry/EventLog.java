package dev.fleetbench.worker.engine.foundry;

import java.util.ArrayList;
import java.util.List;

/** Notable things the engine did on its own, kept until the measurement drains them. Thread-safe. */
final class EventLog {

    private static final int MAX = 200;
    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
        if (events.size() < MAX) {
            events.add(event);
        }
    }

    synchronized List<String> drain() {
        List<String> out = List.copyOf(events);
        events.clear();
        return out;
    }
}
