package dev.fleetbench.coordinator.bus;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.coordinator.app.CoordinatorService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of the worker protocol: one consumer per address, decoding and validating each message
 * before the service sees it. A registration passes the {@link RegistrationGuard} and earns a session
 * ({@link WorkerSessions}); every later message must carry the sender's current session, so the service sees only
 * messages of the worker they name. Malformed, foreign or forged messages are answered with the reason and a code,
 * counted in {@link #rejected()} ({@code fleetbench_bus_rejected_messages_total}) and logged as {@code bus.refused} with
 * the claimed worker and the worker whose session was used ({@code sender}); they never change anything.
 */
public final class BusGateway {

    private static final Logger LOG = LoggerFactory.getLogger("fleetbench.coordinator");

    private final AtomicLong rejected;
    private final List<MessageConsumer<Object>> consumers;

    private BusGateway(AtomicLong rejected, List<MessageConsumer<Object>> consumers) {
        this.rejected = rejected;
        this.consumers = consumers;
    }

    /** Registers the consumers; the future completes once the cluster knows them. */
    public static Future<BusGateway> register(EventBus bus, CoordinatorService service, RegistrationGuard guard,
                                              WorkerSessions sessions) {
        AtomicLong rejected = new AtomicLong();
        RefusalLog refusals = new RefusalLog(LOG);
        List<MessageConsumer<Object>> consumers = List.of(
                Bus.consume(bus, Addresses.REGISTER, RegisterRequest.class, r -> {
                    RegisterReply refusal = guard.refusal(r);
                    return refusal != null ? Future.succeededFuture(refusal) : service.register(r).map(reply ->
                            !reply.accepted() ? reply : new RegisterReply(reply.v(), true, null, reply.message(),
                                    reply.heartbeatIntervalMs(), sessions.issue(r.workerId(), r.instance())));
                }, rejected),
                Bus.consume(bus, Addresses.HEARTBEAT, Heartbeat.class, h -> {
                    WorkerSessions.Check c = sessions.check(h.workerId(), h.session());
                    return switch (c.verdict()) {
                        case OK -> service.heartbeat(h);
                        // A coordinator that restarted knows no sessions: the worker registers again, as it always did.
                        case UNKNOWN -> Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, false, List.of()));
                        case SUPERSEDED -> {
                            if (!c.otherInstance()) {
                                // The same agent registered again (rejoined): this beat was in flight before.
                                yield Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, false, List.of()));
                            }
                            if (!c.duplicate()) {
                                // Another instance took the identity moments ago: a restarted agent's last beat in
                                // flight, or a clone. Ignored, without "register again" (two clones would take the
                                // identity back and forth); a clone keeps beating and is seen after the grace.
                                yield Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true, List.of()));
                            }
                            // The older of two live agents is told in words it logs, and stays "known" so that it
                            // does not register again and take the identity back and forth; nothing it sends counts.
                            rejected.incrementAndGet();
                            Future<Message> told = superseded(service, refusals, Addresses.HEARTBEAT, h.workerId(),
                                    h.leaseId(), c);
                            yield told.recover(e -> Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true,
                                    List.of(), e.getMessage())));
                        }
                        case FOREIGN -> refused(refusals, Addresses.HEARTBEAT, h.workerId(), h.leaseId(), c);
                    };
                }, rejected),
                Bus.consume(bus, Addresses.LEASE, LeaseRequest.class,
                        checked(sessions, service, refusals, Addresses.LEASE, LeaseRequest::workerId, x -> null,
                                LeaseRequest::session, service::lease), rejected),
                Bus.consume(bus, Addresses.SAMPLES, SampleBatch.class,
                        checked(sessions, service, refusals, Addresses.SAMPLES, SampleBatch::workerId,
                                b -> b.samples().isEmpty() ? null : b.samples().get(0).leaseId(), SampleBatch::session,
                                service::samplesOfHolder), rejected),
                Bus.consume(bus, Addresses.LEASE_FINISHED, LeaseFinished.class,
                        checked(sessions, service, refusals, Addresses.LEASE_FINISHED, LeaseFinished::workerId,
                                LeaseFinished::leaseId, LeaseFinished::session, service::leaseFinished), rejected),
                Bus.consume(bus, Addresses.PROGRESS, LeaseProgress.class,
                        checked(sessions, service, refusals, Addresses.PROGRESS, LeaseProgress::workerId,
                                LeaseProgress::leaseId, LeaseProgress::session,
                                p -> service.progress(p).map(v -> (Message) null)), rejected));
        BusGateway gateway = new BusGateway(rejected, consumers);
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).map(v -> gateway);
    }

    /**
     * A handler that runs only for the claimed worker's current session; the service's own refusals (another
     * worker's lease, cell or repetition) are logged here too, with the sender.
     */
    private static <T extends Message> Function<T, Future<? extends Message>> checked(
            WorkerSessions sessions, CoordinatorService service, RefusalLog refusals, String address,
            Function<T, String> worker, Function<T, String> lease, Function<T, String> session,
            Function<T, Future<? extends Message>> handler) {
        return m -> {
            WorkerSessions.Check c = sessions.check(worker.apply(m), session.apply(m));
            return switch (c.verdict()) {
                case OK -> handler.apply(m).recover(e -> {
                    if (e instanceof ReplyException r && r.failureCode() >= 400 && r.failureCode() < 500) {
                        refusals.log(address, worker.apply(m), c.owner(), lease.apply(m), r.getMessage());
                    }
                    return Future.failedFuture(e);
                });
                case SUPERSEDED -> superseded(service, refusals, address, worker.apply(m), lease.apply(m), c);
                case UNKNOWN, FOREIGN -> refused(refusals, address, worker.apply(m), lease.apply(m), c);
            };
        };
    }

    private static <R extends Message> Future<R> refused(RefusalLog refusals, String address, String claimed,
                                                         String lease, WorkerSessions.Check c) {
        ReplyException e = c.verdict() == WorkerSessions.Verdict.FOREIGN
                ? Bus.refusal(Bus.FORBIDDEN, FailureCode.UNAUTHORIZED, "the session belongs to another worker")
                : Bus.refusal(Bus.UNAUTHORIZED, FailureCode.UNAUTHORIZED, "no session for worker " + claimed
                        + ": register first (a refused worker, or a coordinator that restarted)");
        refusals.log(address, claimed, c.owner(), lease, e.getMessage());
        return Future.failedFuture(e);
    }

    /** An older session of the worker: a second live agent of its identity when another instance uses it. */
    private static <R extends Message> Future<R> superseded(CoordinatorService service, RefusalLog refusals,
                                                            String address, String claimed, String lease,
                                                            WorkerSessions.Check c) {
        if (c.duplicate()) {
            service.duplicateSeen(claimed);
        }
        ReplyException e = c.duplicate()
                ? Bus.refusal(Bus.FORBIDDEN, FailureCode.DUPLICATE_IDENTITY, "another agent registered as " + claimed
                        + " after this one (a copied data directory?): give each machine its own --data-dir")
                : c.otherInstance() ? Bus.refusal(Bus.FORBIDDEN, FailureCode.UNAUTHORIZED, "this session of " + claimed
                        + " was replaced by another agent's registration")
                : Bus.refusal(Bus.UNAUTHORIZED, FailureCode.UNAUTHORIZED, "this session of " + claimed
                        + " was replaced by a later registration: register again");
        refusals.log(address, claimed, c.owner(), lease, e.getMessage());
        return Future.failedFuture(e);
    }

    /** Messages refused since start (malformed, wrong type, other protocol version, no or a foreign session, forged). */
    public long rejected() {
        return rejected.get();
    }

    public Future<Void> unregister() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    /**
     * Logs refusals as {@code bus.refused}, at most one line per address, claimed worker, sender, code and lease every
     * 10 s (a
     * forging member would otherwise write a line per message), with the number left out since.
     */
    static final class RefusalLog {
        private static final long QUIET_NANOS = 10_000_000_000L;
        private static final int MAX_KEYS = 10_000;
        private final Logger log;
        private final java.util.Map<String, long[]> last = new java.util.HashMap<>();

        RefusalLog(Logger log) {
            this.log = log;
        }

        void log(String address, String claimed, String sender, String lease, String reason) {
            String code = reason.indexOf(':') > 0 ? reason.substring(0, reason.indexOf(':')) : reason;
            String key = address + '\n' + claimed + '\n' + sender + '\n' + code + '\n' + lease;
            long now = System.nanoTime();
            long[] seen = last.get(key);
            if (seen != null && now - seen[0] < QUIET_NANOS) {
                seen[1]++;
                return;
            }
            if (last.size() >= MAX_KEYS) {
                last.clear();
            }
            long suppressed = seen == null ? 0 : seen[1];
            last.put(key, new long[] {now, 0});
            log.warn(LogLine.event("bus.refused", "address", address.substring(address.lastIndexOf('.') + 1),
                    "code", code, "worker", claimed, "sender", sender == null ? "unauthenticated" : sender,
                    "lease", lease, "reason", reason.substring(Math.min(reason.length(), code.length() + 2)),
                    "suppressed", suppressed == 0 ? null : suppressed));
        }
    }
}
