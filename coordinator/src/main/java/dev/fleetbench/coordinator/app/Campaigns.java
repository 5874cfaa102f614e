package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.fleet.WorkerStatus;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.domain.leases.CampaignWork;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.MatrixExpander;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import dev.fleetbench.coordinator.schedule.CronSchedule;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import dev.fleetbench.coordinator.store.CampaignStore;
import dev.fleetbench.coordinator.store.ScheduleRecord;
import dev.fleetbench.coordinator.store.ScheduleStore;
import dev.fleetbench.coordinator.store.StoredWorker;
import dev.fleetbench.coordinator.store.WorkerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Campaign lifecycle on the coordinator: submit (now, or on a cron schedule), expand over the fleet, track progress,
 * cancel, finish, and restore everything after a restart. Confined to the coordinator's event loop.
 */
public final class Campaigns {

    /** The store concerns campaigns use: campaigns with their cells, schedules, and the workers to restore. */
    public record Stores(CampaignStore campaigns, ScheduleStore schedules, WorkerStore workers) {
    }

    private final Clock clock;
    private final ZoneId zone;
    private final StoreAccess<Stores> store;
    private final Events events;
    private final Fleet fleet;
    private final WorkQueue queue;
    private final Supplier<String> ids;
    private final Map<String, CampaignRecord> campaigns = new LinkedHashMap<>();
    private final Map<String, ScheduleRecord> schedules = new LinkedHashMap<>();
    private final Set<String> touched = new HashSet<>();
    /** Progress of campaigns the queue does not hold: finished before the last restart, or imported. */
    private final Map<String, CampaignProgress> settled = new LinkedHashMap<>();

    public Campaigns(Clock clock, ZoneId zone, StoreAccess<Stores> store, Events events, Fleet fleet, WorkQueue queue,
                     Supplier<String> ids) {
        this.clock = clock;
        this.zone = zone;
        this.store = store;
        this.events = events;
        this.fleet = fleet;
        this.queue = queue;
        this.ids = ids;
    }

    /** Loads workers, running campaigns (with what is stored of them) and schedules after a restart. */
    public Future<Void> restore() {
        return store.read(s -> new Restored(s.workers().workers(), s.campaigns().campaigns(), s.schedules().schedules(),
                s.campaigns().cellCounts())).map(r -> {
            r.workers().forEach(w -> fleet.restore(w.registration(), w.lastSeen()));
            r.schedules().forEach(sc -> schedules.put(sc.id(), sc));
            for (CampaignRecord c : r.campaigns()) {
                campaigns.put(c.id(), c);
                if (c.state() != CampaignState.RUNNING) {
                    settled.put(c.id(), CampaignProgress.of(c.id(), r.cellCounts().getOrDefault(c.id(), Map.of())));
                }
            }
            return r;
        }).compose(r -> {
            List<Future<Void>> loads = new ArrayList<>();
            for (CampaignRecord c : r.campaigns()) {
                if (c.state() == CampaignState.RUNNING) {
                    loads.add(store.read(s -> new Loaded(s.campaigns().cells(c.id()), s.campaigns().units(c.id()),
                            s.campaigns().measuredCounts(c.id())))
                            .map(l -> {
                                reenqueue(c, l);
                                return null;
                            }));
                }
            }
            return Future.all(loads).mapEmpty();
        });
    }

    private record Restored(List<StoredWorker> workers, List<CampaignRecord> campaigns, List<ScheduleRecord> schedules,
                            Map<String, Map<CellStatus, Integer>> cellCounts) {
    }

    private record Loaded(List<Cell> cells, List<LeaseUnit> units,
                          Map<String, Integer> counts) {
    }

    private void reenqueue(CampaignRecord c, Loaded l) {
        CampaignSpec spec = CampaignSpecParser.parse(c.specText(), c.yaml());
        // Leases did not survive the restart: their cells wait again, and their workers get them back minus what is stored.
        List<Cell> cells = l.cells().stream()
                .map(cell -> cell.status() == CellStatus.RUNNING ? cell.withStatus(CellStatus.PENDING, null) : cell).toList();
        queue.add(work(c, spec), new Matrix(cells, l.units(), c.notes()));
        l.counts().forEach(queue::setMeasured);
        CoordinatorLog.campaignRestored(c, cells.size());
        touched.add(c.id());
    }

    private static CampaignWork work(CampaignRecord c, CampaignSpec spec) {
        Instant deadline = spec.timeBudget() == null ? null : c.createdAt().plus(spec.timeBudget());
        return new CampaignWork(c.id(), spec.warmups(), spec.prompts().version(), spec.requestTimeoutSeconds(),
                spec.removeDownloads(), spec.gating(), deadline, spec.repetitions(), spec.maxRepetitionFactor());
    }

    /** Validates and starts a campaign, or stores its schedule; a bad spec fails with a {@code SpecException}. */
    public Future<Submitted> submit(String text, boolean yaml) {
        CampaignSpec spec;
        try {
            spec = CampaignSpecParser.parse(text, yaml);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        CoordinatorLog.campaignSubmitted(spec.name(), spec.schedule());
        if (spec.schedule() != null) {
            ScheduleRecord s = new ScheduleRecord("s-" + ids.get(), spec.name(), text, yaml, spec.schedule(),
                    clock.instant(), null, true);
            return store.write(st -> {
                st.schedules().upsertSchedule(s);
                return s;
            }).map(saved -> {
                schedules.put(saved.id(), saved);
                return new Submitted(saved.id(), "schedule", 0, List.of("runs on cron '" + saved.cron() + "'; next at "
                        + new CronSchedule(saved.cron(), zone).nextAfter(clock.instant()).map(Instant::toString).orElse("never")));
            });
        }
        return startRun(spec, text, yaml, null);
    }

    private Future<Submitted> startRun(CampaignSpec spec, String text, boolean yaml, String scheduleId) {
        String id = "c-" + ids.get();
        List<MachineView> machines = fleet.all().stream()
                .filter(w -> fleet.status(w) == WorkerStatus.READY || fleet.status(w) == WorkerStatus.BUSY)
                .filter(w -> fleet.approved(w.workerId()))
                .map(w -> new MachineView(w.workerId(), w.registration().hardware(), w.registration().labels(),
                        w.registration().catalog(), Set.copyOf(w.registration().cached())))
                .toList();
        Matrix matrix = MatrixExpander.expand(id, spec, machines);
        CampaignRecord record = new CampaignRecord(id, spec.name(), text, yaml, scheduleId, clock.instant(),
                CampaignState.RUNNING, null, matrix.notes());
        return store.write(s -> {
            s.campaigns().insertCampaign(record, matrix.cells(), matrix.units());
            return null;
        }).onFailure(e -> CoordinatorLog.storeFailed("insert_campaign", e, "campaign", id)).map(v -> {
            CoordinatorLog.campaignStarted(record, matrix.cells().size(), matrix.units().size());
            queue.add(work(record, spec), matrix);
            campaigns.put(id, record);
            touched.add(id);
            return new Submitted(id, "campaign", matrix.cells().size(), matrix.notes());
        });
    }

    public Future<CampaignRecord> cancel(String id) {
        CampaignRecord c = campaigns.get(id);
        if (c == null) {
            return Future.failedFuture(new ApiProblem(ApiProblem.Kind.NOT_FOUND, "no campaign '" + id + "'"));
        }
        if (c.state() != CampaignState.RUNNING) {
            return Future.failedFuture(new ApiProblem(ApiProblem.Kind.CONFLICT, "campaign '" + id + "' is already "
                    + c.state().wire()));
        }
        queue.cancel(id, "campaign cancelled", CellStatus.CANCELLED);
        return finish(c, CampaignState.CANCELLED);
    }

    private Future<CampaignRecord> finish(CampaignRecord c, CampaignState state) {
        CampaignRecord done = c.withState(state, clock.instant());
        campaigns.put(c.id(), done);
        List<Cell> changed = queue.drainChangedCells();
        CoordinatorLog.campaignEnded(done, queue.progress(c.id()));
        return store.write(s -> {
            s.campaigns().updateCells(changed);
            s.campaigns().updateCampaign(done);
            return done;
        }).onFailure(e -> CoordinatorLog.storeFailed("finish_campaign", e, "campaign", c.id())).onSuccess(d -> publish(d));
    }

    /** A finished campaign stored by someone else (an import): listed with its final progress, never queued. */
    void adopt(CampaignRecord c, CampaignProgress progress) {
        campaigns.put(c.id(), c);
        settled.put(c.id(), progress);
        publish(c);
    }

    public void touched(String campaignId) {
        touched.add(campaignId);
    }

    /** Budgets, cell states to the store, progress events, finished campaigns, and schedules that are due. */
    public void tick() {
        List<String> spent = queue.enforceBudgets();
        spent.forEach(CoordinatorLog::budgetSpent);
        touched.addAll(spent);
        List<Cell> changed = queue.drainChangedCells();
        if (!changed.isEmpty()) {
            changed.forEach(c -> touched.add(c.campaignId()));
            store.write(s -> {
                s.campaigns().updateCells(changed);
                return null;
            }).onFailure(e -> CoordinatorLog.storeFailed("update_cells", e, "cells", changed.size()));
        }
        for (String id : List.copyOf(touched)) {
            CampaignRecord c = campaigns.get(id);
            if (c != null && c.state() == CampaignState.RUNNING && queue.progress(id).finished()) {
                finish(c, CampaignState.DONE);
            } else if (c != null) {
                publish(c);
            }
        }
        touched.clear();
        runDueSchedules();
    }

    private void runDueSchedules() {
        Instant now = clock.instant();
        for (ScheduleRecord s : List.copyOf(schedules.values())) {
            Instant last = s.lastRunAt() != null ? s.lastRunAt() : s.createdAt();
            if (s.enabled() && new CronSchedule(s.cron(), zone).dueBetween(last, now)) {
                ScheduleRecord ran = new ScheduleRecord(s.id(), s.name(), s.specText(), s.yaml(), s.cron(),
                        s.createdAt(), now, true);
                schedules.put(s.id(), ran);
                store.write(st -> {
                    st.schedules().upsertSchedule(ran);
                    return null;
                }).onFailure(e -> CoordinatorLog.storeFailed("schedule", e, "schedule", ran.id()));
                startRun(CampaignSpecParser.parse(s.specText(), s.yaml()), s.specText(), s.yaml(), s.id());
            }
        }
    }

    private void publish(CampaignRecord c) {
        CampaignProgress p = progress(c.id());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", c.id());
        fields.put("state", c.state().wire());
        fields.put("cells_total", p.total());
        fields.put("cells_done", p.done());
        fields.put("cells_failed", p.failed());
        fields.put("cells_running", p.running());
        events.publish("campaign", fields);
    }

    public List<CampaignRecord> all() {
        return List.copyOf(campaigns.values());
    }

    public Optional<CampaignRecord> get(String id) {
        return Optional.ofNullable(campaigns.get(id));
    }

    public CampaignProgress progress(String id) {
        CampaignProgress p = settled.get(id);
        return p != null ? p : queue.progress(id);
    }

    /** Progress of every campaign the queue holds (for metrics). */
    public List<CampaignProgress> progressAll() {
        return campaigns.keySet().stream().map(queue::progress).toList();
    }

    public List<ScheduleRecord> schedules() {
        return List.copyOf(schedules.values());
    }
}
