package dev.fleetbench.coordinator.bus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Who sent a worker message (docs/security.md, "Who sent it"). On a clustered event bus every member can send to the
 * coordinator's addresses and can write any worker id into a message body, so a claimed id proves nothing. Each
 * accepted registration gets a session token made here (256 random bits from {@link SecureRandom}); the token goes
 * back only in the registration's reply, and every later message of that worker must carry it. A message is taken as
 * coming from the worker that holds the token it carries, checked in constant time.
 *
 * <p>A worker that registers again gets a new token and its old one is superseded. A superseded token used again, by
 * an agent instance other than the one that registered last, and after a grace period for messages in flight, is
 * evidence of two live agents with one worker identity (a copied data directory).
 *
 * <p>The token is random rather than derived from the cluster secret: it is a bearer credential that travels with
 * every message, so deriving it would add nothing, and a random token never needs the secret on the hot path. The
 * registration that earns it is the one that proves the secret. Confined to the coordinator's event loop.
 */
public final class WorkerSessions {

    /** How a message's session token relates to the worker id it claims. */
    public enum Verdict {
        /** The token is the current session of the claimed worker. */
        OK,
        /** No session with this token (none sent, never issued, or issued before the coordinator restarted). */
        UNKNOWN,
        /** The token belongs to another worker: a member sends in someone else's name. */
        FOREIGN,
        /** An older session of the claimed worker, replaced by a later registration. */
        SUPERSEDED
    }

    /**
     * @param verdict   the verdict
     * @param owner     the worker the token was issued to; null when unknown
     * @param duplicate true when a superseded session is used by another live agent instance
     * @param otherInstance for a superseded session: it was issued to another agent instance than the current one
     */
    public record Check(Verdict verdict, String owner, boolean duplicate, boolean otherInstance) {

        Check(Verdict verdict, String owner) {
            this(verdict, owner, false, false);
        }
    }

    /** Superseded sessions remembered per worker: enough to see a clone, bounded against a registration storm. */
    static final int MAX_SUPERSEDED = 4;
    private static final HexFormat HEX = HexFormat.of();

    private record Session(String workerId, String instance, byte[] token) {
    }

    private final Clock clock;
    private final Duration grace;
    private final SecureRandom random;
    /** SHA-256 of the token → session: looking up by a hash keeps the lookup's timing independent of the token. */
    private final Map<String, Session> byHash = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();
    private final Map<String, Deque<String>> superseded = new HashMap<>();
    private final Map<String, Instant> supersededAt = new HashMap<>();

    /**
     * @param grace how long a superseded token may still arrive (messages in flight) before it counts as a second
     *              live agent; a few heartbeat intervals
     */
    public WorkerSessions(Clock clock, Duration grace, SecureRandom random) {
        this.clock = clock;
        this.grace = grace;
        this.random = random;
    }

    /** A new session for an accepted registration; the worker's previous session is superseded. */
    public String issue(String workerId, String instance) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = HEX.formatHex(raw);
        String hash = hash(token);
        byHash.put(hash, new Session(workerId, instance, token.getBytes(StandardCharsets.US_ASCII)));
        String previous = current.put(workerId, hash);
        if (previous != null) {
            Deque<String> old = superseded.computeIfAbsent(workerId, k -> new ArrayDeque<>());
            old.addLast(previous);
            supersededAt.put(previous, clock.instant());
            while (old.size() > MAX_SUPERSEDED) {
                String dropped = old.removeFirst();
                byHash.remove(dropped);
                supersededAt.remove(dropped);
            }
        }
        return token;
    }

    /** Checks the token a message carries against the worker id it claims. */
    public Check check(String claimedWorkerId, String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return new Check(Verdict.UNKNOWN, null);
        }
        String hash = hash(token);
        Session s = byHash.get(hash);
        if (s == null || !MessageDigest.isEqual(s.token(), token.getBytes(StandardCharsets.US_ASCII))) {
            return new Check(Verdict.UNKNOWN, null);
        }
        if (!s.workerId().equals(claimedWorkerId)) {
            return new Check(Verdict.FOREIGN, s.workerId());
        }
        String now = current.get(s.workerId());
        if (hash.equals(now)) {
            return new Check(Verdict.OK, s.workerId());
        }
        Session latest = byHash.get(now);
        boolean otherInstance = latest != null && !Objects.equals(latest.instance(), s.instance());
        boolean late = clock.instant().isAfter(supersededAt.get(hash).plus(grace));
        return new Check(Verdict.SUPERSEDED, s.workerId(), otherInstance && late, otherInstance);
    }

    /** Sessions held now (current and superseded), for tests and bounds. */
    int size() {
        return byHash.size();
    }

    private static String hash(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
