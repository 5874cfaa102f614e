package dev.fleetbench.coordinator.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.coordinator.bus.WorkerSessions.Verdict;
import dev.fleetbench.coordinator.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Session tokens: who a message comes from, and when a superseded token means a second live agent. */
class WorkerSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final WorkerSessions sessions = new WorkerSessions(clock, Duration.ofSeconds(3), new SecureRandom());

    @Test
    void aTokenProvesOnlyTheWorkerItWasIssuedTo() {
        String a = sessions.issue("w-a", "i-1");
        String b = sessions.issue("w-b", "i-2");
        assertThat(a).hasSize(64).isNotEqualTo(b);
        assertThat(sessions.check("w-a", a).verdict()).isEqualTo(Verdict.OK);
        assertThat(sessions.check("w-a", b).verdict()).isEqualTo(Verdict.FOREIGN);
        assertThat(sessions.check("w-a", b).owner()).isEqualTo("w-b");
        assertThat(sessions.check("w-a", null).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(sessions.check("w-a", "").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(sessions.check("w-a", a.substring(0, 63) + (a.charAt(63) == '0' ? '1' : '0')).verdict())
                .isEqualTo(Verdict.UNKNOWN);
        assertThat(sessions.check("w-a", "x".repeat(10_000)).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void theSameAgentRegisteringAgainIsNoDuplicate() {
        String old = sessions.issue("w-a", "i-1");
        sessions.issue("w-a", "i-1");
        clock.advance(Duration.ofSeconds(10));
        WorkerSessions.Check c = sessions.check("w-a", old);
        assertThat(c.verdict()).isEqualTo(Verdict.SUPERSEDED);
        assertThat(c.duplicate()).isFalse();
        assertThat(c.otherInstance()).isFalse();
    }

    @Test
    void anotherInstanceStillUsingTheOldTokenAfterTheGraceIsADuplicate() {
        String first = sessions.issue("w-a", "i-1");
        String second = sessions.issue("w-a", "i-2");
        WorkerSessions.Check inFlight = sessions.check("w-a", first);
        assertThat(inFlight.otherInstance()).isTrue();
        assertThat(inFlight.duplicate()).as("within the grace: a restarted agent's last message").isFalse();
        clock.advance(Duration.ofSeconds(4));
        assertThat(sessions.check("w-a", first).duplicate()).isTrue();
        assertThat(sessions.check("w-a", second).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void superseededSessionsAreBounded() {
        String first = sessions.issue("w-a", "i-0");
        for (int i = 1; i <= 100; i++) {
            sessions.issue("w-a", "i-" + i);
        }
        assertThat(sessions.size()).isEqualTo(1 + WorkerSessions.MAX_SUPERSEDED);
        assertThat(sessions.check("w-a", first).verdict()).isEqualTo(Verdict.UNKNOWN);
    }
}
