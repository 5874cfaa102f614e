package dev.fleetbench.coordinator.bus;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.coordinator.app.CoordinatorService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's side of the worker protocol: one consumer per address, decoding and validating each message
 * before the service sees it. Malformed or foreign messages are answered with the reason and counted in
 * {@link #rejected()}; they never reach the service.
 */
public final class BusGateway {

    private final AtomicLong rejected;
    private final List<MessageConsumer<Object>> consumers;

    private BusGateway(AtomicLong rejected, List<MessageConsumer<Object>> consumers) {
        this.rejected = rejected;
        this.consumers = consumers;
    }

    /**
     * Registers the consumers; the future completes once the cluster knows them. A registration passes the guard
     * (the cluster-secret proof) before the service sees it.
     */
    public static Future<BusGateway> register(EventBus bus, CoordinatorService service, RegistrationGuard guard) {
        AtomicLong rejected = new AtomicLong();
        List<MessageConsumer<Object>> consumers = List.of(
                Bus.consume(bus, Addresses.REGISTER, RegisterRequest.class, RegisterRequest.TYPE, r -> {
                    RegisterReply refusal = guard.refusal(r);
                    return refusal != null ? Future.succeededFuture(refusal) : service.register(r);
                }, rejected),
                Bus.consume(bus, Addresses.HEARTBEAT, Heartbeat.class, Heartbeat.TYPE, service::heartbeat, rejected),
                Bus.consume(bus, Addresses.LEASE, LeaseRequest.class, LeaseRequest.TYPE, service::lease, rejected),
                Bus.consume(bus, Addresses.SAMPLES, SampleBatch.class, SampleBatch.TYPE, service::samples, rejected),
                Bus.consume(bus, Addresses.LEASE_FINISHED, LeaseFinished.class, LeaseFinished.TYPE,
                        service::leaseFinished, rejected),
                Bus.consume(bus, Addresses.PROGRESS, LeaseProgress.class, LeaseProgress.TYPE, p -> {
                    service.progress(p);
                    return Future.succeededFuture();
                }, rejected));
        BusGateway gateway = new BusGateway(rejected, consumers);
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).map(v -> gateway);
    }

    /** Messages refused since start (malformed, wrong type, other protocol version). */
    public long rejected() {
        return rejected.get();
    }

    public Future<Void> unregister() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }
}
