package dev.fleetbench.coordinator.wiring;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.coordinator.domain.leader.Election.Role;
import dev.fleetbench.coordinator.domain.leader.Election;
import dev.fleetbench.coordinator.store.WriterLock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active/standby for coordinators that share a PostgreSQL store. The candidate is the oldest full member of the
 * Hazelcast cluster ({@link Election}), re-evaluated on every membership event and every {@link #RETRY_MS}; the
 * candidate becomes active only once it also holds the store's {@link WriterLock} (the fence: a session advisory lock
 * the database frees when the holder's session ends). Then {@code takeOver} runs (the standby's HTTP goes, the
 * coordinator verticle comes: migrate, rebuild the queue from the store as after a restart, consume the workers'
 * addresses, serve the API). While active, the fence is checked every second; losing it (the database dropped the
 * session) halts the process through {@code fenceLost}, since another coordinator may now write.
 *
 * <p>Hazelcast's own cluster locks were not used: with the CP subsystem off (community edition) they run in "unsafe
 * mode", where a SIGKILLed holder's permit is freed only when its CP session expires (minutes), and they would not
 * fence the database anyway. Confined to this verticle's event loop; store calls run on worker threads.
 */
final class LeadershipVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipVerticle.class);
    /** How often a standby candidate retries the fence, and how often an active checks it (every 4th retry). */
    static final long RETRY_MS = 250;
    /**
     * The cluster-wide map of coordinator member id to HTTP base URL (what a standby names as the active). A replicated
     * map, so every member reads its own copy: an IMap read waits for the partition's owner, and when that owner is the
     * frozen active, a standby's {@code /api/health} blocked its event loop until the takeover could not proceed.
     */
    static final String DIRECTORY = "fleetbench.coordinators";
    /**
     * The directory's entry of the active coordinator: "member-id url". The active writes it (again whenever its member
     * id changed: a merge after a network split gives the members of one half new ids); a standby trusts it only while
     * that member is in its view of the cluster.
     */
    static final String ACTIVE_KEY = "active";
    /**
     * How long a candidate may find the lock taken before it says it is fenced: longer than the database needs to end
     * the session of an active that died (a SIGKILL closes its socket at once), so a plain takeover never says so.
     */
    static final long FENCED_AFTER_NS = 3_000_000_000L;
    /** What a fenced standby says in its log and health. */
    static final String FENCED_DETAIL = "the oldest coordinator this one can reach, but the store's writer lock is held"
            + " by another coordinator (out of reach: the network is split): staying standby, leasing nothing, until"
            + " the lock is free";

    private final HazelcastInstance hazelcast;
    private final WriterLock fence;
    private final Supplier<Future<Void>> takeOver;
    private final Runnable fenceLost;
    private final Supplier<String> url;
    private volatile Role role;
    private boolean busy;
    private long ticks;
    /** When this standby first saw itself the candidate (ns; 0 when it is not), for the takeover time. */
    private long candidateSince;
    private UUID listener;
    /**
     * True while this standby is the candidate of its view of the cluster but the writer lock is held by another
     * coordinator: a partition has split the cluster, and the other side's active still holds the store. Read by the
     * standby's {@code /api/health}.
     */
    private volatile boolean fenced;

    /**
     * @param initial   ACTIVE when the runtime already took the lock and deployed the coordinator, else STANDBY
     * @param takeOver  what makes a standby active, run once the lock is won
     * @param fenceLost what to do when an active loses the lock (the runtime halts the process)
     */
    LeadershipVerticle(HazelcastInstance hazelcast, WriterLock fence, Role initial, Supplier<Future<Void>> takeOver,
                       Runnable fenceLost, Supplier<String> url) {
        this.url = url;
        this.role = initial;
        this.hazelcast = hazelcast;
        this.fence = fence;
        this.takeOver = takeOver;
        this.fenceLost = fenceLost;
    }

    /** The coordinators' directory entry of a member (its HTTP base URL). */
    static void announce(HazelcastInstance hazelcast, String url) {
        hazelcast.getReplicatedMap(DIRECTORY).put(hazelcast.getCluster().getLocalMember().getUuid().toString(), url);
    }

    /** The base URL of the coordinator that is (or is about to be) active, null when none is known; never blocks. */
    static String candidateUrl(HazelcastInstance hazelcast) {
        return Election.candidate(members(hazelcast))
                .map(id -> (String) hazelcast.getReplicatedMap(DIRECTORY).get(id)).orElse(null);
    }

    /** The active coordinator's base URL when it is in this member's view of the cluster, else null; never blocks. */
    static String activeUrl(HazelcastInstance hazelcast) {
        Object entry = hazelcast.getReplicatedMap(DIRECTORY).get(ACTIVE_KEY);
        if (!(entry instanceof String s) || s.indexOf(' ') < 0) {
            return null;
        }
        String member = s.substring(0, s.indexOf(' '));
        return hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().toString().equals(member))
                ? s.substring(s.indexOf(' ') + 1) : null;
    }

    /** The active's directory entry, written when it is missing or names an older member id of this one. */
    private void announceActive() {
        String mine = hazelcast.getCluster().getLocalMember().getUuid() + " " + url.get();
        if (!mine.equals(hazelcast.getReplicatedMap(DIRECTORY).get(ACTIVE_KEY))) {
            hazelcast.getReplicatedMap(DIRECTORY).put(ACTIVE_KEY, mine);
        }
    }

    /** True when this member is the oldest full member of the cluster. */
    static boolean isCandidate(HazelcastInstance hazelcast) {
        return Election.isCandidate(members(hazelcast), hazelcast.getCluster().getLocalMember().getUuid().toString());
    }

    private static List<Election.Member> members(HazelcastInstance hazelcast) {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> new Election.Member(m.getUuid().toString(), m.isLiteMember())).toList();
    }

    Role role() {
        return role;
    }

    /** See {@link #fenced}. */
    boolean fenced() {
        return fenced;
    }

    @Override
    public Future<?> start() {
        listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                context.runOnContext(v -> changed(e.getMember(), "joined"));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                context.runOnContext(v -> changed(e.getMember(), "left"));
            }
        });
        vertx.setPeriodic(RETRY_MS, id -> tick());
        tick();
        return Future.succeededFuture();
    }

    private void changed(Member m, String what) {
        if (!m.isLiteMember()) {
            LOG.info(LogLine.event("coordinator." + what, "member", m.getUuid().toString()));
        }
        tick();
    }

    private void tick() {
        ticks++;
        if (busy) {
            return;
        }
        if (role == Role.ACTIVE) {
            announceActive();
            if (ticks % 4 == 0) {
                busy = true;
                vertx.executeBlocking(fence::holdsWriterLock).onComplete(ar -> {
                    busy = false;
                    if (ar.failed() || !ar.result()) {
                        LOG.error(LogLine.event("coordinator.fence_lost", "detail", "the store's writer session is gone,"
                                + " and with it the writer lock: stopping, since another coordinator may now write"));
                        fenceLost.run();
                    }
                });
            }
            return;
        }
        if (!isCandidate(hazelcast)) {
            candidateSince = 0;
            noteFenced(false);
            return;
        }
        if (candidateSince == 0) {
            candidateSince = System.nanoTime();
        }
        busy = true;
        vertx.executeBlocking(fence::tryLockWriter).compose(won -> {
            if (!won) {
                // the previous active's session is still open: it died a moment ago, a partition hides it, or it is
                // in sight but younger (after a split, the halves merged the other way round): next tick
                if (activeUrl(hazelcast) != null) {
                    noteFenced(false);
                } else if (System.nanoTime() - candidateSince > FENCED_AFTER_NS) {
                    noteFenced(true);
                }
                return Future.succeededFuture(false);
            }
            noteFenced(false);
            role = Role.ACTIVE;
            return takeOver.get().map(true);
        }).onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error(LogLine.event("coordinator.takeover_failed", "error", ar.cause().toString()), ar.cause());
                fenceLost.run();
            } else if (ar.result()) {
                long ms = (System.nanoTime() - candidateSince) / 1_000_000;
                LOG.info(LogLine.event("coordinator.active", "after_ms", ms, "detail", "holds the writer lock, rebuilt the"
                        + " queue from the store and serves workers"));
            }
        });
    }

    /** Logs when fencing begins and ends (not every retry). */
    private void noteFenced(boolean now) {
        if (now && !fenced) {
            LOG.warn(LogLine.event("coordinator.fenced", "detail", FENCED_DETAIL));
        } else if (!now && fenced) {
            LOG.info(LogLine.event("coordinator.unfenced", "detail", "no longer waiting on another coordinator's writer"
                    + " lock"));
        }
        fenced = now;
    }

    @Override
    public Future<?> stop() {
        if (listener != null) {
            hazelcast.getCluster().removeMembershipListener(listener);
        }
        return Future.succeededFuture();
    }
}
