package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.fleet.WorkerStatus;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The coordinator's metrics in Prometheus format ({@code GET /metrics}): the fleet by state, cells (leases) by state,
 * samples ingested, ingest latency, the queue depth, heartbeats per worker, event-bus messages rejected, and the JVM.
 * Gauges read the domain on scrape, which the HTTP server runs on the coordinator's own event loop. Names follow
 * Prometheus's conventions as {@code promtool check metrics} reads them: counters end in {@code _total}, units are
 * spelt out in base units (seconds, bytes).
 */
public final class CoordinatorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter stored;
    private final Counter duplicates;
    private final Counter setAside;
    private final Timer ingest;
    /** Held here: a function counter keeps only a weak reference to what it reads. */
    private final java.util.function.LongSupplier rejected;

    public CoordinatorMetrics(Fleet fleet, Supplier<java.util.List<CampaignProgress>> progress,
                              java.util.function.LongSupplier rejected) {
        this.rejected = rejected;
        // Micrometer's JVM binders name two figures against the conventions: the process's CPU time in nanoseconds
        // (an abbreviated unit; Prometheus's own clients expose process_cpu_seconds_total, registered below) and the
        // number of processors as "_count", a suffix reserved for histograms and summaries.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical.processors") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the coordinator's process").register(registry);
        }
        for (WorkerStatus s : WorkerStatus.values()) {
            Gauge.builder("fleetbench_workers", fleet, f -> f.all().stream().filter(w -> f.status(w) == s).count())
                    .description("workers by liveness state").tag("state", s.wire()).register(registry);
        }
        String[] states = {"pending", "running", "done", "failed", "does_not_fit", "cancelled", "predicted_too_slow"};
        for (String state : states) {
            Gauge.builder("fleetbench_cells", progress, p -> p.get().stream().mapToInt(c -> count(c, state)).sum())
                    .description("matrix cells by state (running = leased now)").tag("state", state).strongReference(true)
                    .register(registry);
        }
        Gauge.builder("fleetbench_queue_depth", progress, p -> p.get().stream().mapToInt(CampaignProgress::pending).sum())
                .description("cells waiting for a worker").strongReference(true).register(registry);
        FunctionCounter.builder("fleetbench_bus_rejected_messages", rejected, r -> r.getAsLong())
                .description("event-bus messages refused as malformed or of another protocol version").register(registry);
        stored = Counter.builder("fleetbench_samples_stored").description("samples stored").register(registry);
        duplicates = Counter.builder("fleetbench_samples_duplicate").description("samples received again, ignored")
                .register(registry);
        setAside = Counter.builder("fleetbench_samples_set_aside").description("measured samples beyond their cell's plan")
                .register(registry);
        ingest = Timer.builder("fleetbench_ingest_latency").description("from batch received to batch acknowledged")
                .publishPercentiles(0.5, 0.99).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private static int count(CampaignProgress p, String state) {
        return switch (state) {
            case "pending" -> p.pending();
            case "running" -> p.running();
            case "done" -> p.done();
            case "failed" -> p.failed();
            case "does_not_fit" -> p.doesNotFit();
            case "predicted_too_slow" -> p.predictedTooSlow();
            default -> p.cancelled();
        };
    }

    public void ingested(int storedNow, int duplicate, int aside, Duration took) {
        stored.increment(storedNow);
        duplicates.increment(duplicate);
        setAside.increment(aside);
        ingest.record(took);
    }

    public void heartbeat(String workerId) {
        Counter.builder("fleetbench_heartbeats").description("heartbeats received per worker")
                .tag("worker", workerId.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
