package dev.fleetbench.coordinator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a UNIX cron expression fires next, through cron-utils (a maintained parser; cron syntax has too many corners
 * to write by hand). Evaluated in the coordinator's time zone, which is the lab's. Pure.
 */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime execution;
    private final ZoneId zone;

    /** @throws IllegalArgumentException when the expression is not valid cron */
    public CronSchedule(String expression, ZoneId zone) {
        Cron cron = PARSER.parse(expression).validate();
        this.execution = ExecutionTime.forCron(cron);
        this.zone = zone;
    }

    /** The first firing strictly after {@code after}; empty if it never fires again. */
    public Optional<Instant> nextAfter(Instant after) {
        return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** True when the schedule fired in (last, now]: a run is due. */
    public boolean dueBetween(Instant last, Instant now) {
        return nextAfter(last).map(next -> !next.isAfter(now)).orElse(false);
    }
}
