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
    /** Worker id → whether an admin let it in (see {@link Enrollment}). */
    private final Map<String, Enrollment> enrollments = new LinkedHashMap<>();
    private final boolean autoApprove;

    /** A fleet that approves every worker as it first joins (no enrollment step). */
    public Fleet(Clock clock, Duration missingAfter, Duration goneAfter) {
        this(clock, missingAfter, goneAfter, true);
    }

    /**
     * @param missingAfter silence after which a worker is MISSING (3 s by default)
     * @param goneAfter    further silence after which it is GONE (60 s by default)
     * @param autoApprove  a worker that joins for the first time is approved at once; else it is pending until an
     *                     admin approves it
     */
    public Fleet(Clock clock, Duration missingAfter, Duration goneAfter, boolean autoApprove) {
        this.clock = clock;
        this.missingAfter = missingAfter;
        this.goneAfter = goneAfter;
        this.autoApprove = autoApprove;
    }

    /**
     * Why a registration is refused by enrollment, or null: its worker id was rejected, or its machine id is that of
     * a rejected worker (a rejected machine does not get back in with a fresh data directory).
     */
    public String rejection(RegisterRequest r) {
        Enrollment own = enrollments.get(r.workerId());
        if (own != null && own.state() == Enrollment.State.REJECTED) {
            return rejectionMessage(own);
        }
        String machine = r.hardware() == null ? null : r.hardware().machineId();
        if (machine == null || machine.isBlank() || (own != null && own.state() == Enrollment.State.APPROVED)) {
            return null;
        }
        for (Enrollment e : enrollments.values()) {
            if (e.state() == Enrollment.State.REJECTED && machine.equals(e.machineId())) {
                return rejectionMessage(e);
            }
        }
        return null;
    }

    private static String rejectionMessage(Enrollment e) {
        return "an admin rejected this machine (worker " + e.workerId() + ")"
                + (e.reason() == null || e.reason().isBlank() ? "" : ": " + e.reason());
    }

    /**
     * Enrolls a worker that registers for the first time: pending, or approved with its hardware when the fleet
     * approves automatically. Call after {@link #register}.
     *
     * @return the new enrollment (to be stored), or null when the worker was enrolled before
     */
    public Enrollment enroll(RegisterRequest r) {
        Enrollment known = enrollments.get(r.workerId());
        if (known != null) {
            return null;
        }
        String machine = r.hardware() == null ? null : r.hardware().machineId();
        Enrollment e = new Enrollment(r.workerId(), machine, Enrollment.State.PENDING, null, null, clock.instant());
        if (autoApprove) {
            e = e.approved(r.hardware(), clock.instant());
        }
        enrollments.put(r.workerId(), e);
        return e;
    }

    /**
     * Restores an enrollment from the store. An approved worker stored without its approved hardware (approved before
     * enrollment recorded it) gets the hardware of its stored registration, restored before.
     *
     * @return the enrollment as kept; differs from {@code e} when its hardware was filled in (store it again)
     */
    public Enrollment restoreEnrollment(Enrollment e) {
        Enrollment kept = e;
        WorkerEntry w = workers.get(e.workerId());
        if (e.state() == Enrollment.State.APPROVED && e.approvedProfile() == null && w != null) {
            kept = new Enrollment(e.workerId(), e.machineId(), e.state(), e.reason(), w.registration().hardware(),
                    e.decidedAt());
        }
        enrollments.put(e.workerId(), kept);
        return kept;
    }

    public Optional<Enrollment> enrollment(String workerId) {
        return Optional.ofNullable(enrollments.get(workerId));
    }

    public List<Enrollment> enrollments() {
        return List.copyOf(enrollments.values());
    }

    /** True when an admin (or auto-approval) let this worker in: only approved workers get cells and leases. */
    public boolean approved(String workerId) {
        Enrollment e = enrollments.get(workerId);
        return e != null && e.state() == Enrollment.State.APPROVED;
    }

    /** Approves a pending (or rejected) worker with the hardware it reports now. */
    public Enrollment approve(String workerId) {
        Enrollment e = known(workerId);
        WorkerEntry w = workers.get(workerId);
        Enrollment now = e.approved(w == null ? e.approvedProfile() : w.registration().hardware(), clock.instant());
        enrollments.put(workerId, now);
        return now;
    }

    /** Rejects a worker: it gets no more work, and its next registration (and its machine's) is refused with the reason. */
    public Enrollment reject(String workerId, String reason) {
        if (reason != null && reason.length() > Enrollment.MAX_REASON_CHARS) {
            throw new IllegalArgumentException("reason has " + reason.length() + " characters, at most "
                    + Enrollment.MAX_REASON_CHARS + " are kept");
        }
        Enrollment now = known(workerId).rejected(reason == null || reason.isBlank() ? null : reason.strip(),
                clock.instant());
        enrollments.put(workerId, now);
        return now;
    }

    /** Accepts an approved worker's new hardware as its approved hardware: it is no longer shown as changed. */
    public Enrollment acknowledge(String workerId) {
        Enrollment e = known(workerId);
        if (e.state() != Enrollment.State.APPROVED) {
            throw new IllegalStateException("worker " + workerId + " is " + e.state().wire()
                    + ": only an approved worker's hardware change can be acknowledged");
        }
        WorkerEntry w = workers.get(workerId);
        Enrollment now = e.approved(w == null ? e.approvedProfile() : w.registration().hardware(), clock.instant());
        enrollments.put(workerId, now);
        return now;
    }

    /**
     * What changed in an approved worker's hardware since it was approved or last acknowledged; empty when nothing
     * did, or the worker is not approved.
     */
    public List<String> hardwareChanges(String workerId) {
        Enrollment e = enrollments.get(workerId);
        WorkerEntry w = workers.get(workerId);
        if (e == null || w == null || e.state() != Enrollment.State.APPROVED) {
            return List.of();
        }
        return HardwareChanges.between(e.approvedProfile(), w.registration().hardware());
    }

    private Enrollment known(String workerId) {
        Enrollment e = enrollments.get(workerId);
        if (e == null) {
            throw new java.util.NoSuchElementException("no worker " + workerId + " has asked to join this fleet");
        }
        return e;
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
                h.leaseId(), h.userIdle(), h.power(), h.outboxSamples(), h.paused() == null ? null
                : h.paused().substring(0, Math.min(h.paused().length(), Heartbeat.MAX_PAUSED))));
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
