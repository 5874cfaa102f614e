package dev.fleetbench.common.bus;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.ProtocolException;
import dev.fleetbench.common.protocol.Wire;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sends and receives protocol records over the event bus, each through its codec ({@link MessageCodecs}, installed on
 * first use). A consumer checks the version and type before its handler runs, so a malformed or foreign message is
 * answered with a failure (and counted) and never reaches domain code; a handler's failure is answered too, so a
 * requester never waits for a timeout because of a bug. A peer that sends a record's JSON text (an agent from before
 * the codecs) is understood and answered in text.
 */
public final class Bus {

    /** Failure codes of replies: the HTTP-like status of the problem. */
    public static final int REJECTED = 400;
    /** The sender has no valid session (never registered, refused, or the coordinator restarted): register again. */
    public static final int UNAUTHORIZED = 401;
    /** The sender is known but may not do this (another worker's lease, a superseded session). */
    public static final int FORBIDDEN = 403;
    public static final int VERSION_MISMATCH = 409;
    public static final int HANDLER_FAILED = 500;

    private Bus() {
    }

    /**
     * Request/reply with a typed answer, e.g. {@code request(bus, Addresses.SAMPLES, batch, BatchAck.class, 5000)}; a
     * reply of another type or version fails the future with a {@link ProtocolException}.
     */
    public static <R extends Message> Future<R> request(EventBus bus, String address, Message request,
                                                        Class<R> replyType, long timeoutMs) {
        MessageCodecs.install(bus);
        return bus.request(address, request, new DeliveryOptions().setSendTimeout(timeoutMs))
                .map(reply -> Wire.decode(reply.body(), replyType));
    }

    /**
     * A handler's refusal: fails the request with {@code code} (4xx) and a message that starts with the failure code's
     * name, e.g. {@code "NOT_LEASE_HOLDER: lease l-1 is held by another worker"}.
     */
    public static ReplyException refusal(int code, FailureCode failure, String message) {
        return new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, code, failure.name() + ": " + message);
    }

    /** Fire and forget. */
    public static void send(EventBus bus, String address, Message message) {
        MessageCodecs.install(bus);
        bus.send(address, message);
    }

    /**
     * Registers a typed consumer; a rejected message is counted in {@code rejected} and answered with the reason. A
     * handler refuses a message by failing with a {@link #refusal} (counted too).
     *
     * @return the consumer; its {@code completion()} completes once the registration reached the cluster
     */
    public static <T extends Message> MessageConsumer<Object> consume(EventBus bus, String address, Class<T> type,
                                                                      Function<T, Future<? extends Message>> handler,
                                                                      AtomicLong rejected) {
        MessageCodecs.install(bus);
        return bus.consumer(address, msg -> {
            T decoded;
            boolean text;
            try {
                Object body = msg.body(); // a record from another member is decoded here, by its codec
                text = body instanceof String;
                decoded = Wire.decode(body, type);
            } catch (ProtocolException e) {
                rejected.incrementAndGet();
                msg.fail(e.code() == FailureCode.PROTOCOL_MISMATCH ? VERSION_MISMATCH : REJECTED, e.getMessage());
                return;
            }
            Future<? extends Message> result;
            try {
                result = handler.apply(decoded);
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            result.onComplete(ar -> {
                if (ar.succeeded()) {
                    if (ar.result() != null) {
                        msg.reply(text ? Wire.encode(ar.result()) : ar.result());
                    }
                } else {
                    Throwable t = ar.cause();
                    if (t instanceof ReplyException r && r.failureCode() >= 400 && r.failureCode() < 500) {
                        rejected.incrementAndGet(); // a refusal by the handler (who sent it is logged there)
                    }
                    msg.fail(t instanceof ReplyException r ? r.failureCode() : HANDLER_FAILED,
                            t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
                }
            });
        });
    }
}
