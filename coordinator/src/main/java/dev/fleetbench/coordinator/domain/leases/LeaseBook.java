package dev.fleetbench.coordinator.domain.leases;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every lease this coordinator issued (or, after a restart, found in its lease history), with the worker it was
 * issued to and what it covers: which cells and repetitions a worker may report samples for (docs/security.md).
 * A lease stays here after it ended, so that the late samples of its legitimate former holder are still taken (the
 * store sets aside what is beyond a cell's plan, as it always did). Pure; confined to one thread.
 */
public final class LeaseBook {

    /**
     * What a lease covers.
     *
     * @param workerId   the worker it was issued to
     * @param campaignId its campaign
     * @param ranges     cell id → {first repetition, count} of the measured repetitions; null for a lease restored from
     *                   the history (its cells are then the unit's, its repetitions bounded by the cells' plans)
     * @param warmups    warm-up requests of the lease
     */
    public record Entry(String workerId, String campaignId, Map<String, int[]> ranges, int warmups) {
    }

    private final Map<String, Entry> leases = new HashMap<>();

    /** Records a lease as it is issued. */
    public void issued(String workerId, Lease lease) {
        Map<String, int[]> ranges = new LinkedHashMap<>();
        for (LeasePrompt p : lease.prompts()) {
            ranges.put(p.cellId(), new int[] {p.firstRepetition(), p.repetitions()});
        }
        leases.put(lease.leaseId(), new Entry(workerId, lease.campaignId(), ranges, lease.warmups()));
    }

    /** Records a lease of the history (issued before a restart); a lease already known is kept as it is. */
    public void restored(String leaseId, String workerId, String campaignId) {
        leases.putIfAbsent(leaseId, new Entry(workerId, campaignId, null, Integer.MAX_VALUE));
    }

    public Optional<Entry> get(String leaseId) {
        return Optional.ofNullable(leaseId == null ? null : leases.get(leaseId));
    }

    /**
     * Why a lease report from {@code sender} is refused, or null: the lease must have been issued to the sender.
     */
    public String notHolder(String sender, String leaseId) {
        Entry e = leaseId == null ? null : leases.get(leaseId);
        if (e == null) {
            return "lease " + leaseId + " was never issued by this coordinator";
        }
        return e.workerId().equals(sender) ? null : "lease " + leaseId + " is held by another worker";
    }

    /**
     * Why {@code sender} may not report this sample, or null when it may: the sample's lease was issued to the sender,
     * and the sample is one of that lease's cells and repetitions (cells of the sender's own machine).
     *
     * @param cells the work queue's cells by id
     */
    public String refusal(String sender, Sample s, Function<String, Optional<Cell>> cells) {
        if (s.campaignId() == null || s.cellId() == null || s.leaseId() == null) {
            return "sample " + s.id() + " names no campaign, cell or lease: a worker reports only leased work";
        }
        String notHolder = notHolder(sender, s.leaseId());
        if (notHolder != null) {
            return "sample " + s.id() + ": " + notHolder;
        }
        Entry e = leases.get(s.leaseId());
        if (!e.campaignId().equals(s.campaignId())) {
            return "sample " + s.id() + " names campaign " + s.campaignId() + " but lease " + s.leaseId()
                    + " belongs to campaign " + e.campaignId();
        }
        Cell cell = cells.apply(s.cellId()).orElse(null);
        if (cell == null || !cell.campaignId().equals(e.campaignId()) || !cell.workerId().equals(sender)) {
            return "sample " + s.id() + " names cell " + s.cellId() + ", which is not a cell of lease " + s.leaseId();
        }
        if (s.repetition() < 0) {
            return "sample " + s.id() + " has a negative repetition";
        }
        if (e.ranges() == null) {
            return null; // restored: cell of the sender's machine in the lease's campaign; the store bounds the count
        }
        int[] range = e.ranges().get(s.cellId());
        if (range == null) {
            return "sample " + s.id() + " names cell " + s.cellId() + ", which is not a cell of lease " + s.leaseId();
        }
        boolean inRange = switch (s.kind()) {
            case COLD -> s.repetition() == 0;
            case WARMUP -> s.repetition() < e.warmups();
            case MEASURED -> s.repetition() >= range[0] && s.repetition() < range[0] + range[1];
        };
        if (!inRange) {
            return "sample " + s.id() + " is " + s.kind().wire() + " repetition " + s.repetition() + ", which lease "
                    + s.leaseId() + " did not ask for" + (s.kind() == SampleKind.MEASURED ? " (it asked for "
                    + range[0] + " to " + (range[0] + range[1] - 1) + ")" : "");
        }
        return null;
    }

    /** Leases known, for tests and bounds. */
    public int size() {
        return leases.size();
    }
}
