package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpConnection;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The request head deadline on a fake clock: set, cleared by a head, swept when late. */
class HeadDeadlinesTest {

    /** A connection that counts its closes (HttpEdge.hardClose falls back to close() for a non-Netty connection). */
    private static HttpConnection connection(AtomicInteger closes) {
        return (HttpConnection) Proxy.newProxyInstance(HttpConnection.class.getClassLoader(),
                new Class<?>[] {HttpConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closes.incrementAndGet();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "conn";
                    default -> null;
                });
    }

    @Test
    void aLateHeadClosesItsConnectionAndAnArrivedOneDoesNot() {
        AtomicLong now = new AtomicLong();
        HeadDeadlines heads = new HeadDeadlines(2_000, now::get);
        AtomicInteger lateCloses = new AtomicInteger();
        AtomicInteger servedCloses = new AtomicInteger();
        HttpConnection late = connection(lateCloses);
        HttpConnection served = connection(servedCloses);
        heads.await(late);
        heads.await(served);
        now.addAndGet(1_999_000_000L);
        heads.arrived(served);
        assertThat(heads.sweep()).as("nothing is late yet").isZero();
        now.addAndGet(1_000_000L);
        assertThat(heads.sweep()).isEqualTo(1);
        assertThat(lateCloses).hasValue(1);
        assertThat(servedCloses).hasValue(0);
        assertThat(heads.waiting()).isZero();
    }

    @Test
    void theDeadlineStartsAgainWhenAnAnswerEnds() {
        AtomicLong now = new AtomicLong();
        HeadDeadlines heads = new HeadDeadlines(2_000, now::get);
        AtomicInteger closes = new AtomicInteger();
        HttpConnection c = connection(closes);
        heads.await(c);
        now.addAndGet(1_500_000_000L);
        heads.arrived(c);
        now.addAndGet(10_000_000_000L); // a long request is not the head's business
        assertThat(heads.sweep()).isZero();
        heads.await(c); // its answer ended
        now.addAndGet(1_500_000_000L);
        assertThat(heads.sweep()).isZero();
        now.addAndGet(600_000_000L);
        assertThat(heads.sweep()).isEqualTo(1);
        assertThat(closes).hasValue(1);
    }
}
