package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.fleet.RegistrationLimits;
import dev.fleetbench.coordinator.domain.fleet.WorkerEntry;
import dev.fleetbench.coordinator.domain.leases.LeaseBook;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.domain.leases.WorkerConditions;
import dev.fleetbench.coordinator.store.IngestResult;
import dev.fleetbench.coordinator.store.LeaseRecord;
import dev.fleetbench.coordinator.store.LeaseStore;
import dev.fleetbench.coordinator.store.ResultsStore;
import dev.fleetbench.coordinator.store.SampleStore;
import dev.fleetbench.coordinator.store.StoredWorker;
import dev.fleetbench.coordinator.store.WorkerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator does for workers: registration, heartbeats, leases, sample ingestion and the end of leases.
 * Confined to the coordinator verticle's event loop; the store is reached only through {@link StoreAccess}.
 * Campaign management lives in {@link Campaigns}, which shares the fleet and the work queue.
 */
public final class CoordinatorService {

    /** Most samples one batch may carry. */
    public static final int MAX_BATCH = 2000;
    /** Most samples of waiting batches stored in one transaction (a single batch is never split). */
    static final int MAX_GROUP_SAMPLES = 4000;
    /** Most worker rows stored in one transaction. */
    static final int MAX_GROUP_WORKERS = 1000;

    /** The store concerns this service uses: worker rows and enrollments, lease history, samples, cell stability. */
    public record Stores(WorkerStore workers, LeaseStore leases, SampleStore samples, ResultsStore results) {
    }

    private final Clock clock;
    private final CoordinatorSettings settings;
    private final StoreAccess<Stores> store;
    private final Events events;
    private final Fleet fleet;
    private final WorkQueue queue;
    private final Campaigns campaigns;
    private final Map<String, LeaseRecord> running = new HashMap<>();
    /** The last lease issued to each worker (it holds at most one). */
    private final Map<String, String> leaseOfWorker = new HashMap<>();
    /** Every lease issued (and, after a restart, every lease of the history): who may report on what. */
    private final LeaseBook leases = new LeaseBook();
    private CoordinatorMetrics metrics;
    /**
     * Lease history not yet stored, by lease id (the latest record of each). Written once per tick in one
     * transaction, like cell states: nothing reads lease records back to decide anything (after a restart the
     * queue is rebuilt from cells and stored samples), so a worker never waits for them, and a fleet's lease
     * traffic costs the store's single writer one transaction per tick instead of two per lease.
     */
    private final Map<String, LeaseRecord> unsavedLeases = new LinkedHashMap<>();
    private boolean savingLeases;
    /** Sample batches, stored in groups while the writer is busy: one acknowledgement each, after its commit. */
    private final GroupCommit<Stores, List<Sample>, IngestResult> ingest;
    /**
     * Worker rows, in groups likewise: a registration is answered once its row is committed (so a coordinator that
     * restarts knows every worker it welcomed), and a thousand workers registering at once cost a few transactions.
     */
    private final GroupCommit<Stores, StoredWorker, Void> workerRows;
    /**
     * Issued leases, written before the worker hears of them (in groups, like worker rows): a coordinator that
     * restarts finds every lease it issued in its history, so the samples and the end of a lease issued just before
     * a crash are still taken from the worker that held it, and never from anyone else.
     */
    private final GroupCommit<Stores, LeaseRecord, Void> leaseRows;

    public CoordinatorService(Clock clock, CoordinatorSettings settings, StoreAccess<Stores> store, Events events,
                              Fleet fleet, WorkQueue queue, Campaigns campaigns) {
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.events = events;
        this.fleet = fleet;
        this.queue = queue;
        this.campaigns = campaigns;
        this.ingest = new GroupCommit<>(store, (s, batches) -> s.samples().ingestAll(batches),
                (s, batch) -> s.samples().ingest(batch), List::size, MAX_GROUP_SAMPLES);
        this.workerRows = new GroupCommit<>(store, (s, rows) -> {
            s.workers().upsertWorkers(rows);
            return java.util.Collections.nCopies(rows.size(), null);
        }, (s, row) -> {
            s.workers().upsertWorkers(List.of(row));
            return null;
        }, row -> 1, MAX_GROUP_WORKERS);
        this.leaseRows = new GroupCommit<>(store, (s, rows) -> {
            s.leases().upsertLeases(rows);
            return java.util.Collections.nCopies(rows.size(), null);
        }, (s, row) -> {
            s.leases().upsertLeases(List.of(row));
            return null;
        }, row -> 1, MAX_GROUP_WORKERS);
    }

    /**
     * Loads the lease history of running campaigns after a restart, so that their former holders' late samples and
     * ends are recognised (and nobody else's).
     */
    public Future<Void> restoreLeases(List<String> campaignIds) {
        return store.read(s -> {
            List<LeaseRecord> all = new java.util.ArrayList<>();
            for (String id : campaignIds) {
                all.addAll(s.leases().leases(id));
            }
            return all;
        }).map(list -> {
            list.forEach(l -> leases.restored(l.leaseId(), l.workerId(), l.campaignId()));
            return null;
        });
    }

    /** Where ingestion and heartbeats are counted (set once at start). */
    public void metrics(CoordinatorMetrics m) {
        this.metrics = m;
    }

    /**
     * Loads every worker's enrollment after a restart (call after the workers are restored); an approved worker
     * stored without its approved hardware gets its stored registration's, which is stored once.
     */
    public Future<Void> restoreEnrollments() {
        return store.read(s -> s.workers().enrollments()).compose(list -> {
            List<dev.fleetbench.coordinator.domain.fleet.Enrollment> filled = new java.util.ArrayList<>();
            for (var e : list) {
                var kept = fleet.restoreEnrollment(e);
                if (kept != e) {
                    filled.add(kept);
                }
            }
            return filled.isEmpty() ? Future.succeededFuture() : store.write(s -> {
                s.workers().upsertEnrollments(filled);
                return null;
            }).mapEmpty();
        });
    }

    public Future<RegisterReply> register(RegisterRequest r) {
        String rejected = fleet.rejection(r);
        if (rejected != null) {
            CoordinatorLog.workerRefused(r.workerId(), rejected);
            return Future.succeededFuture(new RegisterReply(Protocol.VERSION, false, FailureCode.REJECTED, rejected, 0));
        }
        String problem = RegistrationLimits.problem(r);
        if (problem == null && fleet.get(r.workerId()).isEmpty() && fleet.size() >= RegistrationLimits.MAX_WORKERS) {
            problem = "the fleet already has " + fleet.size() + " workers, the most this coordinator keeps";
        }
        if (problem != null) {
            CoordinatorLog.workerRefused(r.workerId(), problem);
            return Future.succeededFuture(new RegisterReply(Protocol.VERSION, false, FailureCode.INVALID_INPUT, problem, 0));
        }
        boolean rejoin = fleet.register(r);
        var enrolled = fleet.enroll(r);
        Future<Void> stored = workerRows.write(new StoredWorker(r, clock.instant()));
        if (enrolled != null) {
            stored = stored.compose(v -> store.write(s -> {
                s.workers().upsertEnrollments(List.of(enrolled));
                return null;
            }));
        }
        return stored.onFailure(e -> CoordinatorLog.storeFailed("register", e, "worker", r.workerId())).map(v -> {
            CoordinatorLog.workerJoined(r, rejoin);
            boolean approved = fleet.approved(r.workerId());
            List<String> changes = fleet.hardwareChanges(r.workerId());
            if (!approved) {
                CoordinatorLog.workerPending(r.workerId());
            } else if (!changes.isEmpty()) {
                CoordinatorLog.hardwareChanged(r.workerId(), changes);
            }
            events.publish("worker", Events.fields("worker_id", r.workerId(), "status", fleet.status(r.workerId()).wire(),
                    "enrollment", fleet.enrollment(r.workerId()).map(e -> e.state().wire()).orElse(null)));
            return new RegisterReply(Protocol.VERSION, true, null, (rejoin ? "welcome back " : "welcome ") + r.workerId()
                    + (approved ? "" : ": " + pendingMessage(r.workerId())), settings.heartbeatInterval().toMillis());
        });
    }

    /** What a pending worker is told when it registers and when it asks for work. */
    static String pendingMessage(String workerId) {
        return "this machine waits for an admin's approval (fleetbench fleet approve " + workerId
                + ", or Approve on the Fleet page)";
    }

    public Future<HeartbeatReply> heartbeat(Heartbeat h) {
        if (fleet.enrollment(h.workerId()).map(e -> e.state() == dev.fleetbench.coordinator.domain.fleet.Enrollment.State.REJECTED)
                .orElse(false)) {
            // Rejected while it ran: "register again" brings it the refusal with the admin's reason, which it logs.
            return Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, false, List.of()));
        }
        if (!fleet.heartbeat(h)) {
            return Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, false, List.of()));
        }
        if (metrics != null) {
            metrics.heartbeat(h.workerId());
        }
        return Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true, queue.renew(h.workerId(), h.leaseId()),
                fleet.duplicate(h.workerId()) ? duplicateMessage(h.workerId()) : null));
    }

    /** What both agents of one identity are told (and the coordinator logs when it starts). */
    static String duplicateMessage(String workerId) {
        return "two live agents use the worker identity " + workerId + " (a copied data directory?): give each machine"
                + " its own --data-dir; only the agent that registered last is listened to";
    }

    /**
     * A second live agent of {@code workerId} was seen (a superseded session still in use): flagged on the fleet page
     * and in both agents' heartbeat replies, logged once when it starts.
     */
    public void duplicateSeen(String workerId) {
        if (fleet.duplicateSeen(workerId)) {
            CoordinatorLog.workerDuplicate(workerId, duplicateMessage(workerId));
            events.publish("worker", Events.fields("worker_id", workerId, "status", fleet.status(workerId).wire(),
                    "duplicate_identity", true));
        }
    }

    public Future<LeaseReply> lease(LeaseRequest r) {
        WorkerEntry w = fleet.get(r.workerId()).orElse(null);
        if (w == null) {
            return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 1000, "unknown worker: register first"));
        }
        if (!fleet.approved(r.workerId())) {
            // Pending (or rejected): no cells are placed on it and no lease is issued to it.
            return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 2000, pendingMessage(r.workerId())));
        }
        Lease lease = queue.next(r.workerId(), new WorkerConditions(w.userIdle(), w.power())).orElse(null);
        // A worker that asks while it holds a lease has restarted: next() ended that lease, which no report will end.
        String previous = leaseOfWorker.get(r.workerId());
        if (previous != null && queue.unitIdOf(previous) == null) {
            endUnreported(previous, LeaseOutcome.ABANDONED);
        }
        if (lease == null) {
            return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 1000, queue.idleReason(r.workerId())));
        }
        LeaseRecord record = new LeaseRecord(lease.leaseId(), queue.unitIdOf(lease.leaseId()), lease.campaignId(),
                r.workerId(), lease.variant().id(), lease.attempt(), clock.instant(), null, LeaseOutcome.RUNNING, null);
        running.put(lease.leaseId(), record);
        leaseOfWorker.put(r.workerId(), lease.leaseId());
        leases.issued(r.workerId(), lease);
        CoordinatorLog.leaseIssued(record, lease.prompts().size());
        campaigns.touched(lease.campaignId());
        events.publish("lease", Events.fields("lease_id", lease.leaseId(), "worker_id", r.workerId(), "campaign_id",
                lease.campaignId(), "model", lease.variant().id(), "phase", "leased"));
        // Stored before the worker hears of it. A failed write fails the request: the worker asks again, which ends
        // this lease as abandoned (see next()).
        return leaseRows.write(record).onFailure(e -> CoordinatorLog.storeFailed("lease", e, "lease", lease.leaseId()))
                .map(v -> new LeaseReply(Protocol.VERSION, lease, 0, null));
    }

    /** Stores a batch once (idempotent by sample id) and acknowledges it only after the write committed. */
    public Future<BatchAck> samples(SampleBatch b) {
        String problem = invalid(b);
        if (problem != null) {
            CoordinatorLog.ingestRejected(b.workerId(), b.batchId(), b.samples().size(), problem);
            return Future.failedFuture(problem);
        }

        long received = System.nanoTime();
        return ingest.write(b.samples()).onFailure(e -> CoordinatorLog.storeFailed("ingest", e, "worker", b.workerId(),
                "batch", b.batchId(), "samples", b.samples().size())).map(result -> {
            if (metrics != null) {
                metrics.ingested(result.stored(), result.duplicates(), result.setAside(),
                        java.time.Duration.ofNanos(System.nanoTime() - received));
            }
            result.measuredCounts().forEach(queue::setMeasured);
            b.samples().stream().map(Sample::campaignId).filter(java.util.Objects::nonNull).distinct()
                    .forEach(campaigns::touched);
            return new BatchAck(Protocol.VERSION, b.batchId(), result.stored(), result.duplicates(), result.setAside());
        });
    }

    /**
     * Stores a batch from the worker it names (the gateway checked its session) only when every sample is of a
     * lease issued to that worker, one of the lease's cells and repetitions; else refuses the whole batch (a worker's
     * batch is all its own work, so one foreign sample means a forged batch).
     */
    public Future<BatchAck> samplesOfHolder(SampleBatch b) {
        for (Sample s : b.samples()) {
            String refusal = leases.refusal(b.workerId(), s, queue::cell);
            if (refusal != null) {
                return Future.failedFuture(Bus.refusal(Bus.FORBIDDEN, FailureCode.NOT_LEASE_HOLDER, refusal));
            }
        }
        return samples(b);
    }

    private static String invalid(SampleBatch b) {
        if (b.samples().size() > MAX_BATCH) {
            return "batch of " + b.samples().size() + " samples exceeds " + MAX_BATCH;
        }
        for (Sample s : b.samples()) {
            if (s.workerId() != null && !s.workerId().equals(b.workerId())) {
                return "sample " + s.id() + " names worker " + s.workerId() + " but came from " + b.workerId();
            }
        }
        return null;
    }

    /**
     * The end of a lease. When it ran normally, its cells are first checked against the stability rule (metrics.md):
     * an unstable cell gets another round of repetitions, so the unit goes back to the queue instead of closing.
     */
    public Future<LeaseFinishedAck> leaseFinished(LeaseFinished f) {
        String notHolder = leases.notHolder(f.workerId(), f.leaseId());
        if (notHolder != null) {
            return Future.failedFuture(Bus.refusal(Bus.FORBIDDEN, FailureCode.NOT_LEASE_HOLDER, notHolder));
        }
        LeaseRecord record = running.get(f.leaseId());
        boolean normal = record != null && f.phases() != null && f.phases().failureCode() == null && !f.cancelled();
        List<String> growable = normal ? queue.growableCells(f.leaseId()) : List.of();
        if (growable.isEmpty()) {
            return finish(f);
        }
        return store.read(s -> s.results().unstableCells(record.campaignId(), growable)).map(unstable -> {
            if (!unstable.isEmpty()) {
                queue.extend(f.leaseId(), unstable);
                CoordinatorLog.leaseExtended(record, unstable.size());
                events.publish("lease", Events.fields("lease_id", f.leaseId(), "worker_id", f.workerId(), "phase", "extended",
                        "detail", unstable.size() + " unstable cell(s) get extra repetitions"));
            }
            return unstable;
        }).recover(e -> Future.succeededFuture(java.util.Set.of())).compose(v -> finish(f));
    }

    private Future<LeaseFinishedAck> finish(LeaseFinished f) {
        LeaseRecord record = running.remove(f.leaseId());
        boolean current = queue.finish(f.leaseId(), f.phases(), f.cancelled());
        if (record == null || !current) {
            // A lease that expired, or was issued before a coordinator restart: its samples are stored, nothing else to do.
            CoordinatorLog.leaseIgnored(f.leaseId(), f.workerId());
            return Future.succeededFuture(new LeaseFinishedAck(Protocol.VERSION, f.leaseId()));
        }
        campaigns.touched(record.campaignId());
        LeaseRecord done = new LeaseRecord(record.leaseId(), record.unitId(), record.campaignId(), record.workerId(),
                record.variantId(), record.attempt(), record.issuedAt(), clock.instant(), outcome(f), f.phases());
        CoordinatorLog.leaseEnded(done, f.phases());
        events.publish("lease", Events.fields("lease_id", f.leaseId(), "worker_id", f.workerId(), "campaign_id",
                record.campaignId(), "model", record.variantId(), "phase", done.outcome().wire()));
        unsavedLeases.put(done.leaseId(), done);
        return Future.succeededFuture(new LeaseFinishedAck(Protocol.VERSION, f.leaseId()));
    }

    /** Failed (the variant could not run), cancelled, finished, or returned: the worker left before the end. */
    private static LeaseOutcome outcome(LeaseFinished f) {
        if (f.phases() == null) {
            return f.cancelled() ? LeaseOutcome.CANCELLED : LeaseOutcome.RETURNED;
        }
        return f.phases().failureCode() != null ? LeaseOutcome.FAILED
                : f.cancelled() ? LeaseOutcome.CANCELLED : LeaseOutcome.FINISHED;
    }

    /** Progress of a live lease of the sender's, within the documented bounds; anything else is refused. */
    public Future<Void> progress(LeaseProgress p) {
        String problem = leases.notHolder(p.workerId(), p.leaseId());
        if (problem == null && queue.unitIdOf(p.leaseId()) == null) {
            problem = "lease " + p.leaseId() + " is not live";
        }
        if (problem != null) {
            return Future.failedFuture(Bus.refusal(Bus.FORBIDDEN, FailureCode.NOT_LEASE_HOLDER, problem));
        }
        if (p.phase() == null || p.phase().length() > LeaseProgress.MAX_PHASE_CHARS
                || (p.detail() != null && p.detail().length() > LeaseProgress.MAX_DETAIL_CHARS)) {
            return Future.failedFuture(Bus.refusal(Bus.REJECTED, FailureCode.INVALID_INPUT, "progress phase must have 1-"
                    + LeaseProgress.MAX_PHASE_CHARS + " characters and detail at most " + LeaseProgress.MAX_DETAIL_CHARS));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lease_id", p.leaseId());
        fields.put("worker_id", p.workerId());
        fields.put("phase", p.phase());
        fields.put("detail", p.detail());
        fields.put("percent", p.percent());
        events.publish("lease", fields);
        return Future.succeededFuture();
    }

    /** Writes the lease history gathered since the last tick, one transaction; a failed write is tried again. */
    private void saveLeases() {
        if (savingLeases || unsavedLeases.isEmpty()) {
            return;
        }
        List<LeaseRecord> batch = List.copyOf(unsavedLeases.values());
        unsavedLeases.clear();
        savingLeases = true;
        store.write(s -> {
            s.leases().upsertLeases(batch);
            return null;
        }).onComplete(ar -> {
            savingLeases = false;
            if (ar.failed()) {
                CoordinatorLog.storeFailed("lease_history", ar.cause(), "leases", batch.size());
                // Keep what came since (it is newer) and try the rest again at the next tick.
                batch.forEach(l -> unsavedLeases.putIfAbsent(l.leaseId(), l));
            }
        });
    }

    /** Ends the history of a lease that no report will end (it expired, or its worker restarted): stored and logged. */
    private void endUnreported(String leaseId, LeaseOutcome outcome) {
        LeaseRecord r = running.remove(leaseId);
        if (r != null) {
            campaigns.touched(r.campaignId());
            LeaseRecord ended = new LeaseRecord(r.leaseId(), r.unitId(), r.campaignId(), r.workerId(), r.variantId(),
                    r.attempt(), r.issuedAt(), clock.instant(), outcome, null);
            CoordinatorLog.leaseLost(ended);
            unsavedLeases.put(ended.leaseId(), ended);
        }
    }

    /** Housekeeping: expired leases go back to the queue; lease history to the store; fleet changes to the event stream. */
    public void tick() {
        for (String leaseId : queue.expire()) {
            endUnreported(leaseId, LeaseOutcome.EXPIRED);
        }
        saveLeases();
        for (Fleet.StatusChange c : fleet.changes()) {
            CoordinatorLog.workerStatus(c);
            events.publish("worker", Events.fields("worker_id", c.workerId(), "status", c.to().wire()));
        }
        campaigns.tick();
    }
}
