package dev.fleetbench.coordinator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void nightlyAtTwo() {
        CronSchedule s = new CronSchedule("0 2 * * *", ZoneOffset.UTC);
        assertThat(s.nextAfter(Instant.parse("2026-11-24T10:00:00Z"))).contains(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(s.dueBetween(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-25T01:59:59Z"))).isFalse();
        assertThat(s.dueBetween(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-25T02:00:00Z"))).isTrue();
    }

    @Test
    void everyMinuteOnWeekdays() {
        CronSchedule s = new CronSchedule("* * * * 1-5", ZoneOffset.UTC);
        // 2026-11-28 is a Saturday
        assertThat(s.nextAfter(Instant.parse("2026-11-28T12:00:00Z"))).contains(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void invalidCronIsRefused() {
        assertThatThrownBy(() -> new CronSchedule("61 * * * *", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }
}
