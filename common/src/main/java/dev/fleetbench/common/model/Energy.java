package dev.fleetbench.common.model;

import java.util.Objects;

/**
 * The energy one request used, read from a counter of the machine around the request (from sending it to the end
 * of its answer). Counters cover more than the engine (a CPU package, DRAM, a whole battery), so the figure includes
 * whatever else ran at the same time: {@code estimate} says so. The machine's idle power, measured before the lease,
 * is reported beside the figure and never subtracted from it. Immutable.
 *
 * @param source               the counter it comes from: {@code rapl} (Linux RAPL package and DRAM domains, the
 *                             domains named in {@code domains}), {@code battery} (the battery's discharge rate while on
 *                             battery) or {@code emi} (Windows Energy Meter Interface)
 * @param domains              what the counter covers, e.g. "package-0+dram"; never null
 * @param joules               energy over the request, J (≥ 0)
 * @param seconds              the span the joules cover, s (&gt; 0)
 * @param joulesPerOutputToken joules / output tokens; null when no token came out
 * @param estimate             true when the counter covers more than the engine (the whole package, the whole battery)
 * @param idleWatts            the same counter's mean power over a quiet window before the lease, W; null when not
 *                             measured
 */
public record Energy(String source, String domains, double joules, double seconds, Double joulesPerOutputToken,
                     boolean estimate, Double idleWatts) {

    public Energy {
        Objects.requireNonNull(source, "source");
        domains = domains == null ? "" : domains;
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("joules must be a finite figure >= 0, got " + joules);
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be a finite figure > 0, got " + seconds);
        }
    }

    /** Joules over a span with the per-token figure for {@code outputTokens} (null or 0: none). */
    public static Energy of(String source, String domains, double joules, double seconds, Integer outputTokens,
                            boolean estimate, Double idleWatts) {
        Double perToken = outputTokens == null || outputTokens <= 0 ? null : joules / outputTokens;
        return new Energy(source, domains, joules, seconds, perToken, estimate, idleWatts);
    }

    /** Mean power over the span, W. */
    public double watts() {
        return joules / seconds;
    }
}
