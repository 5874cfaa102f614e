package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.StreamListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kept-alive connections that the server closes: a request written on one that the server closed before answering
 * anything is sent again on another connection and the retry is recorded; a request that fails on a fresh connection
 * is not sent again; connections idle past the server's announced limit are not reused.
 */
@Timeout(30)
class KeptAliveConnectionTest extends EngineTestSupport {

    @Test
    void aRequestOnAKeptAliveConnectionTheServerClosedUnansweredIsSentAgainAndRecorded() throws Exception {
        engine.chat(request(GENEROUS), StreamListener.NONE); // leaves its connection in the pool
        int opened = server.connectionsOpened();
        server.dropNextChats(1);
        TimelineRecorder rec = new TimelineRecorder();
        ChatResult r = engine.chat(request(GENEROUS), rec);
        assertThat(rec.text(StreamListener.ChunkKind.CONTENT)).isEqualTo("Hello world");
        assertThat(r.engineTimings()).containsEntry(ChatResult.CONNECTION_RETRIES, 1.0);
        assertThat(rec.sends()).as("t_send announced by each attempt, the answered one last").isEqualTo(2);
        assertThat(server.hits("POST /v1/chat/completions")).isEqualTo(3);
        assertThat(server.connectionsOpened() - opened).as("the retry opened a connection").isEqualTo(1);
    }

    @Test
    void aRequestThatFailsOnAFreshConnectionIsNotSentAgain() {
        server.dropNextChats(1);
        TimelineRecorder rec = new TimelineRecorder();
        failure(request(GENEROUS), rec, FailureCode.CONNECTION_RESET);
        assertThat(server.hits("POST /v1/chat/completions")).isEqualTo(1);
    }

    @Test
    void aRequestWithoutRetryCarriesNoRetryCount() throws Exception {
        engine.chat(request(GENEROUS), StreamListener.NONE);
        ChatResult r = engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(r.engineTimings()).doesNotContainKey(ChatResult.CONNECTION_RETRIES);
    }

    @Test
    void aRequestDroppedAgainOnTheFreshConnectionOfItsRetryFails() throws Exception {
        engine.chat(request(GENEROUS), StreamListener.NONE);
        // every attempt on the pooled connection and then on each fresh one is dropped: the fresh one's failure ends it
        server.dropNextChats(OpenAiEngine.MAX_STALE_RETRIES + 5);
        failure(request(GENEROUS), new TimelineRecorder(), FailureCode.CONNECTION_RESET);
        assertThat(server.hits("POST /v1/chat/completions") - 1).isEqualTo(2);
    }

    @Test
    void connectionsIdlePastTheAnnouncedLimitAreNotReused() throws Exception {
        server.keepAlive("timeout=1, max=100"); // idle limit 0.5 s
        engine.chat(request(GENEROUS), StreamListener.NONE);
        engine.chat(request(GENEROUS), StreamListener.NONE);
        int opened = server.connectionsOpened();
        // the idle time under test (parkNanos may return early, spuriously: seen once after 89 ms)
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(server.connectionsOpened() - opened).isEqualTo(1);
    }

    @Test
    void idleLimitIsBelowTheServersKeepAliveTimeout() {
        assertThat(ServerHttp.idleLimit("timeout=5, max=100")).isEqualTo(Duration.ofSeconds(4));
        assertThat(ServerHttp.idleLimit("max=100, TIMEOUT = 30")).isEqualTo(Duration.ofSeconds(29));
        assertThat(ServerHttp.idleLimit("timeout=1")).isEqualTo(Duration.ofMillis(500));
        assertThat(ServerHttp.idleLimit("timeout=0")).isEqualTo(Duration.ZERO);
        assertThat(ServerHttp.idleLimit("max=100")).isEqualTo(ServerHttp.DEFAULT_IDLE_LIMIT);
        assertThat(ServerHttp.idleLimit("timeout=soon")).isEqualTo(ServerHttp.DEFAULT_IDLE_LIMIT);
        assertThat(ServerHttp.idleLimit("timeout=-3")).isEqualTo(ServerHttp.DEFAULT_IDLE_LIMIT);
    }
}
