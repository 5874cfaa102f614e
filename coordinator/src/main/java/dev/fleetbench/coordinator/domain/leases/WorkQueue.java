package dev.fleetbench.coordinator.domain.leases;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.coordinator.domain.leases.UnitState.Status;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.UnitCell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Leased work (architecture.md §3): workers pull, the coordinator leases one unit (a model variant on that machine
 * with its prompts) at a time; a lease lives while heartbeats renew it; an expired lease goes back to the queue until
 * its attempts run out; a lease that runs again carries only the repetitions still missing. Only attempts that stored
 * nothing new count against the limit: a machine that sleeps, reboots or leaves mid-lease costs its unit nothing
 * once it made progress, while a variant that crashes its worker every time still gives up. Pure: clock and lease ids
 * are injected; confined to one thread. Changed cells are collected for the store ({@link #drainChangedCells()}).
 */
public final class WorkQueue {

    private final Clock clock;
    private final Duration leaseTtl;
    private final int maxAttempts;
    private final Supplier<String> leaseIds;
    private final Map<String, CampaignWork> campaigns = new LinkedHashMap<>();
    private final Map<String, UnitState> units = new LinkedHashMap<>();
    private final Map<String, List<UnitState>> byWorker = new HashMap<>();
    private final Map<String, UnitState> byLease = new HashMap<>();
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final Map<String, Integer> measured = new HashMap<>();
    /** Cell counts per campaign and status, kept up to date so progress is O(1) on a 100,000-cell matrix. */
    private final Map<String, int[]> counts = new HashMap<>();
    private final Set<String> cancelledLeases = new HashSet<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public WorkQueue(Clock clock, Duration leaseTtl, int maxAttempts, Supplier<String> leaseIds) {
        this.clock = clock;
        this.leaseTtl = leaseTtl;
        this.maxAttempts = maxAttempts;
        this.leaseIds = leaseIds;
    }

    /** Adds an expanded campaign; its units queue behind those of earlier campaigns. */
    public void add(CampaignWork work, Matrix matrix) {
        campaigns.put(work.campaignId(), work);
        int[] n = counts.computeIfAbsent(work.campaignId(), k -> new int[CellStatus.values().length]);
        for (Cell c : matrix.cells()) {
            cells.put(c.id(), c);
            n[c.status().ordinal()]++;
        }
        for (LeaseUnit u : matrix.units()) {
            UnitState s = new UnitState(u);
            units.put(u.id(), s);
            byWorker.computeIfAbsent(u.workerId(), w -> new ArrayList<>()).add(s);
        }
    }

    /** Sets a cell's stored measured-sample count (from the store, which dedupes and sets extras aside). */
    public void setMeasured(String cellId, int count) {
        measured.put(cellId, count);
    }

    /**
     * The next lease for an idle worker, or empty with nothing to do. A worker that asks while it still holds a lease
     * has lost it (it restarted): that lease is ended and its unit offered again at once, minus what is stored.
     */
    public Optional<Lease> next(String workerId, WorkerConditions conditions) {
        for (UnitState s : byWorker.getOrDefault(workerId, List.of())) {
            if (s.status == Status.LEASED) {
                endAttempt(s, "the worker restarted during the lease");
            }
        }
        for (UnitState s : byWorker.getOrDefault(workerId, List.of())) {
            if (s.status != Status.QUEUED || !gateOpen(campaigns.get(s.unit.campaignId()), conditions)) {
                continue;
            }
            List<LeasePrompt> prompts = missingWork(s);
            if (prompts.isEmpty()) {
                closeUnit(s);
                continue;
            }
            s.status = Status.LEASED;
            s.attempts++;
            s.measuredAtLease = measuredOf(s);
            s.leaseId = leaseIds.get();
            s.expiresAt = clock.instant().plus(leaseTtl);
            byLease.put(s.leaseId, s);
            prompts.forEach(p -> setCell(p.cellId(), CellStatus.RUNNING, null));
            CampaignWork w = campaigns.get(s.unit.campaignId());
            return Optional.of(new Lease(s.leaseId, w.campaignId(), s.attempts, s.unit.variant(), prompts, w.warmups(),
                    w.promptSetVersion(), w.requestTimeoutSeconds(), w.removeDownloads()));
        }
        return Optional.empty();
    }

    /** Why an idle worker gets nothing, for its log: no work at all, or gated. */
    public String idleReason(String workerId) {
        boolean queued = byWorker.getOrDefault(workerId, List.of()).stream().anyMatch(s -> s.status == Status.QUEUED);
        return queued ? "work is waiting but lab gating holds it (machine in use or on battery)" : "no work for this worker";
    }

    /** A heartbeat renews the worker's lease; returns the leases it must cancel. */
    public List<String> renew(String workerId, String leaseId) {
        UnitState s = leaseId == null ? null : byLease.get(leaseId);
        if (s != null && s.status == Status.LEASED && s.unit.workerId().equals(workerId) && leaseId.equals(s.leaseId)) {
            s.expiresAt = clock.instant().plus(leaseTtl);
        }
        return leaseId != null && cancelledLeases.contains(leaseId) ? List.of(leaseId) : List.of();
    }

    /** Ends every lease whose heartbeats stopped; returns the ids of the expired leases. */
    public List<String> expire() {
        List<String> expired = new ArrayList<>();
        Instant now = clock.instant();
        for (UnitState s : units.values()) {
            if (s.status == Status.LEASED && now.isAfter(s.expiresAt)) {
                expired.add(s.leaseId);
                endAttempt(s, "its lease expired (the worker stopped sending heartbeats)");
            }
        }
        return expired;
    }

    /** The worker finished a lease (all its samples are stored). A stale lease is ignored; returns false then. */
    public boolean finish(String leaseId, ModelPhases phases, boolean cancelled) {
        UnitState s = byLease.get(leaseId);
        if (s == null || s.status != Status.LEASED || !leaseId.equals(s.leaseId)) {
            return false;
        }
        if (phases != null && phases.failureCode() != null) {
            s.status = Status.FAILED;
            forOpenCells(s, c -> setCell(c.cellId(), CellStatus.FAILED, phases.failureCode() + ": " + phases.failureMessage()));
        } else if (cancelled || cancelledLeases.contains(leaseId)) {
            s.status = Status.CANCELLED;
            forOpenCells(s, c -> setCell(c.cellId(), CellStatus.CANCELLED, "campaign cancelled"));
        } else {
            endAttempt(s, "the worker finished without all repetitions");
        }
        return true;
    }

    /**
     * Cells of a live lease that may still get extra repetitions (the stability rule): below their campaign's
     * maximum factor, and within its time budget.
     */
    public List<String> growableCells(String leaseId) {
        UnitState s = byLease.get(leaseId);
        if (s == null) {
            return List.of();
        }
        CampaignWork w = campaigns.get(s.unit.campaignId());
        if (w.maxRepetitionFactor() <= 1 || (w.deadline() != null && !clock.instant().isBefore(w.deadline()))) {
            return List.of();
        }
        return s.unit.cells().stream().map(UnitCell::cellId)
                .filter(id -> cells.get(id).planned() < w.repetitions() * w.maxRepetitionFactor()
                        && !cells.get(id).status().terminal())
                .toList();
    }

    /**
     * Gives unstable cells of a live lease one more round of the campaign's repetitions (up to its maximum factor).
     * The unit's attempts start over: extra repetitions are new work, not a failure.
     */
    public void extend(String leaseId, java.util.Collection<String> cellIds) {
        UnitState s = byLease.get(leaseId);
        if (s == null || cellIds.isEmpty()) {
            return;
        }
        CampaignWork w = campaigns.get(s.unit.campaignId());
        for (String id : cellIds) {
            Cell c = cells.get(id);
            int planned = Math.min(c.planned() + w.repetitions(), w.repetitions() * w.maxRepetitionFactor());
            cells.put(id, new Cell(c.id(), c.campaignId(), c.workerId(), c.model(), c.variantId(), c.promptId(), planned,
                    c.status(), c.reason()));
            changed.add(id);
        }
        s.attempts = 0;
        s.fruitless = 0;
    }

    /** Cancels a campaign: open cells become CANCELLED; returns the leases running now (to stop at the next request). */
    public List<String> cancel(String campaignId, String why, CellStatus as) {
        List<String> running = new ArrayList<>();
        for (UnitState s : units.values()) {
            if (s.unit.campaignId().equals(campaignId) && s.open()) {
                if (s.status == Status.LEASED) {
                    running.add(s.leaseId);
                    cancelledLeases.add(s.leaseId);
                }
                s.status = as == CellStatus.FAILED ? Status.FAILED : Status.CANCELLED;
                forOpenCells(s, c -> setCell(c.cellId(), as, why));
            }
        }
        cells.values().stream().filter(c -> c.campaignId().equals(campaignId) && !c.status().terminal()).toList()
                .forEach(c -> setCell(c.id(), as, why));
        return running;
    }

    /** Campaigns whose time budget is spent: their open cells fail with that reason. */
    public List<String> enforceBudgets() {
        List<String> spent = new ArrayList<>();
        Instant now = clock.instant();
        for (CampaignWork w : campaigns.values()) {
            if (w.deadline() != null && now.isAfter(w.deadline()) && !progress(w.campaignId()).finished()) {
                spent.add(w.campaignId());
                cancel(w.campaignId(), "the campaign's time budget was spent", CellStatus.FAILED);
            }
        }
        return spent;
    }

    public CampaignProgress progress(String campaignId) {
        int[] n = counts.getOrDefault(campaignId, new int[CellStatus.values().length]);
        int total = 0;
        for (int v : n) {
            total += v;
        }
        return new CampaignProgress(campaignId, total, n[CellStatus.PENDING.ordinal()], n[CellStatus.RUNNING.ordinal()],
                n[CellStatus.DONE.ordinal()], n[CellStatus.FAILED.ordinal()], n[CellStatus.DOES_NOT_FIT.ordinal()],
                n[CellStatus.CANCELLED.ordinal()], n[CellStatus.PREDICTED_TOO_SLOW.ordinal()]);
    }

    public Optional<Cell> cell(String cellId) {
        return Optional.ofNullable(cells.get(cellId));
    }

    /** The unit a live lease belongs to; null when the lease is not live. */
    public String unitIdOf(String leaseId) {
        UnitState s = byLease.get(leaseId);
        return s == null ? null : s.unit.id();
    }

    /** The lease units of a campaign. */
    public List<LeaseUnit> units(String campaignId) {
        return units.values().stream().filter(u -> u.unit.campaignId().equals(campaignId)).map(u -> u.unit).toList();
    }

    public List<Cell> cells(String campaignId) {
        return cells.values().stream().filter(c -> c.campaignId().equals(campaignId)).toList();
    }

    /** Cells whose status changed since the last call, in their new state. */
    public List<Cell> drainChangedCells() {
        List<Cell> out = changed.stream().map(cells::get).toList();
        changed.clear();
        return out;
    }

    private void endAttempt(UnitState s, String why) {
        byLease.remove(s.leaseId);
        s.leaseId = null;
        if (measuredOf(s) <= s.measuredAtLease) {
            s.fruitless++;
        }
        if (missingWork(s).isEmpty()) {
            closeUnit(s);
        } else if (s.fruitless >= maxAttempts) {
            s.status = Status.FAILED;
            forOpenCells(s, c -> setCell(c.cellId(), CellStatus.FAILED, "gave up after " + s.fruitless
                    + " attempts that stored no sample; the last ended because " + why));
        } else {
            s.status = Status.QUEUED;
            forOpenCells(s, c -> setCell(c.cellId(), CellStatus.PENDING, null));
        }
    }

    private int measuredOf(UnitState s) {
        int n = 0;
        for (UnitCell c : s.unit.cells()) {
            n += measured.getOrDefault(c.cellId(), 0);
        }
        return n;
    }

    private void closeUnit(UnitState s) {
        s.status = Status.DONE;
        forOpenCells(s, c -> setCell(c.cellId(), CellStatus.DONE, null));
    }

    private List<LeasePrompt> missingWork(UnitState s) {
        List<LeasePrompt> out = new ArrayList<>();
        for (UnitCell c : s.unit.cells()) {
            int have = measured.getOrDefault(c.cellId(), 0);
            int planned = cells.get(c.cellId()).planned();
            if (have < planned && !cells.get(c.cellId()).status().terminal()) {
                out.add(new LeasePrompt(c.cellId(), c.prompt(), have, planned - have));
            } else if (have >= planned && !cells.get(c.cellId()).status().terminal()) {
                setCell(c.cellId(), CellStatus.DONE, null);
            }
        }
        return out;
    }

    private void forOpenCells(UnitState s, java.util.function.Consumer<UnitCell> action) {
        s.unit.cells().stream().filter(c -> !cells.get(c.cellId()).status().terminal()).forEach(action);
    }

    private void setCell(String cellId, CellStatus status, String reason) {
        Cell c = cells.get(cellId);
        if (c.status() != status || (reason != null && !reason.equals(c.reason()))) {
            int[] n = counts.get(c.campaignId());
            n[c.status().ordinal()]--;
            n[status.ordinal()]++;
            cells.put(cellId, c.withStatus(status, reason));
            changed.add(cellId);
        }
    }

    private static boolean gateOpen(CampaignWork w, WorkerConditions c) {
        return (!w.gating().requireIdle() || c.userIdle()) && (!w.gating().requireAc() || c.power() == PowerSource.AC);
    }
}
