package dev.fleetbench.coordinator.domain.fleet;

import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.WorkerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet registry and its liveness state machine (READY / BUSY / MISSING / GONE), derived from registrations,
 * heartbeats and silence on an injected clock. Pure; confined to one thread (the coordinator's gateway verticle).
 */
public final class Fleet {

    /** A change of a worker's status, for the event stream. */
    public record StatusChange(String workerId, WorkerStatus from, WorkerStatus to) {
    }

    private final Clock clock;
    private final Duration missingAfter;
    private final Duration goneAfter;
    private final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
    private final Map<String, WorkerStatus> lastReported = new LinkedHashMap<>();
    /** Worker id → when a second live agent with that identity was last seen. */
    private final Map<String, Instant> duplicates = new LinkedHashMap<>();

    /**
     * @param missingAfter silence after which a worker is MISSING (3 s by default)
     * @param goneAfter    further silence after which it is GONE (60 s by default)
     */
    public Fleet(Clock clock, Duration missingAfter, Duration goneAfter) {
        this.clock = clock;
        this.missingAfter = missingAfter;
        this.goneAfter = goneAfter;
    }

    /** Adds or refreshes a worker; returns true when it was already known (a rejoin). */
    public boolean register(RegisterRequest r) {
        Instant now = clock.instant();
        WorkerEntry previous = workers.put(r.workerId(), new WorkerEntry(r, now, now, WorkerState.IDLE, null, false,
                r.hardware().power().source(), 0));
        return previous != null;
    }

    /** Restores a worker known from the store (after a coordinator restart), as last seen at {@code lastSeen}. */
    public void restore(RegisterRequest r, Instant lastSeen) {
        workers.putIfAbsent(r.workerId(), new WorkerEntry(r, lastSeen, lastSeen, WorkerState.IDLE, null, false,
                r.hardware().power().source(), 0));
        lastReported.put(r.workerId(), status(workers.get(r.workerId())));
    }

    /** Records a heartbeat; false when the worker is unknown (it must register first). */
    public boolean heartbeat(Heartbeat h) {
        WorkerEntry e = workers.get(h.workerId());
        if (e == null) {
            return false;
        }
        workers.put(h.workerId(), new WorkerEntry(e.registration(), e.registeredAt(), clock.instant(), h.state(),
                h.leaseId(), h.userIdle(), h.power(), h.outboxSamples()));
        return true;
    }

    public Optional<WorkerEntry> get(String workerId) {
        return Optional.ofNullable(workers.get(workerId));
    }

    public List<WorkerEntry> all() {
        return List.copyOf(workers.values());
    }

    public WorkerStatus status(String workerId) {
        WorkerEntry e = workers.get(workerId);
        return e == null ? WorkerStatus.GONE : status(e);
    }

    /** READY/BUSY while heartbeats arrive; MISSING after {@code missingAfter} of silence; GONE after {@code goneAfter} more. */
    public WorkerStatus status(WorkerEntry e) {
        Duration silence = Duration.between(e.lastSeen(), clock.instant());
        if (silence.compareTo(missingAfter.plus(goneAfter)) > 0) {
            return WorkerStatus.GONE;
        }
        if (silence.compareTo(missingAfter) > 0) {
            return WorkerStatus.MISSING;
        }
        return e.state() == WorkerState.BUSY ? WorkerStatus.BUSY : WorkerStatus.READY;
    }

    /**
     * A second live agent with this worker's identity was seen now (a copied data directory).
     *
     * @return true when this starts a duplicate (it was not flagged before)
     */
    public boolean duplicateSeen(String workerId) {
        Instant before = duplicates.put(workerId, clock.instant());
        return before == null || !isRecent(before);
    }

    /** True while a second live agent with this identity was seen within the last {@code missingAfter}. */
    public boolean duplicate(String workerId) {
        Instant seen = duplicates.get(workerId);
        return seen != null && isRecent(seen);
    }

    private boolean isRecent(Instant seen) {
        return Duration.between(seen, clock.instant()).compareTo(missingAfter) <= 0;
    }

    /** Workers known, for the registration bound. */
    public int size() {
        return workers.size();
    }

    /** Status changes since the previous call (new workers included), for the event stream. */
    public List<StatusChange> changes() {
        List<StatusChange> out = new ArrayList<>();
        for (WorkerEntry e : workers.values()) {
            WorkerStatus now = status(e);
            WorkerStatus before = lastReported.put(e.workerId(), now);
            if (before != now) {
                out.add(new StatusChange(e.workerId(), before, now));
            }
        }
        return out;
    }
}
