package dev.fleetbench.coordinator.bus;

import dev.fleetbench.common.bus.ClusterSecret;
import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a registration that does not prove the cluster secret (docs/security.md): a node that joined Hazelcast
 * with a cluster name copied off the network, without the secret, gets a {@link RegisterReply} that says why and
 * never enters the fleet. A proof is good once: its nonce is remembered for as long as its time is acceptable, so a
 * recorded registration cannot be replayed. Confined to the coordinator's event loop.
 */
public final class RegistrationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationGuard.class);
    /** Far more registrations than any lab makes in a proof window; beyond it, refuse rather than forget a nonce. */
    static final int MAX_REMEMBERED = 100_000;

    private final ClusterSecret secret;
    private final String clusterName;
    private final Clock clock;
    /** nonce → when it may be forgotten, in insertion (= issue) order. */
    private final Map<String, Instant> seen = new LinkedHashMap<>();

    /**
     * @param secret      the cluster secret; null admits every registration (a cluster without a secret)
     * @param clusterName the configured (not the Hazelcast) cluster name the proofs are bound to
     */
    public RegistrationGuard(ClusterSecret secret, String clusterName, Clock clock) {
        this.secret = secret;
        this.clusterName = clusterName;
        this.clock = clock;
    }

    /** A guard that admits everyone: a coordinator without a cluster secret. */
    public static RegistrationGuard open() {
        return new RegistrationGuard(null, null, Clock.systemUTC());
    }

    /** @return null to admit the registration, else the refusal to send back */
    public RegisterReply refusal(RegisterRequest r) {
        if (secret == null) {
            return null;
        }
        Instant now = clock.instant();
        forgetExpired(now);
        String problem = secret.check(clusterName, r.workerId(), r.proof(), now);
        if (problem == null && seen.containsKey(r.proof().nonce())) {
            problem = "the cluster-secret proof was used before (a replayed registration)";
        }
        if (problem == null && seen.size() >= MAX_REMEMBERED) {
            problem = "too many registrations in the last " + ClusterSecret.WINDOW.toMinutes() + " minutes; try again later";
        }
        if (problem != null) {
            LOG.warn(LogLine.event("worker.refused", "worker", r.workerId(), "reason", problem));
            return new RegisterReply(Protocol.VERSION, false, FailureCode.UNAUTHORIZED, problem, 0);
        }
        seen.put(r.proof().nonce(), Instant.ofEpochMilli(r.proof().issuedAtMs()).plus(ClusterSecret.WINDOW));
        return null;
    }

    private void forgetExpired(Instant now) {
        // Issue times are close to arrival order; the few out of order stay a little longer, which is harmless.
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isAfter(now)) {
                break;
            }
            it.remove();
        }
    }
}
