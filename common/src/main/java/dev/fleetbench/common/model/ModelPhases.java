package dev.fleetbench.common.model;

import java.util.List;

/**
 * What happened to one model variant on one machine around its requests (metrics.md "per lease"), reported apart
 * from the requests and never mixed into them. Durations in ms; null when the phase did not happen or failed.
 *
 * @param model            the variant id
 * @param downloadMs       time to download; null when it was already cached
 * @param downloadBytes    bytes downloaded; null when nothing was downloaded or the engine did not say
 * @param loadMs           time to load
 * @param coldTtftMs       TTFT of the first request after load
 * @param coldE2eMs        end-to-end time of the first request after load
 * @param peakRssBytes     peak resident memory of the engine process during the measured requests; null if unknown
 * @param avgCpuPercent    mean CPU use of the engine process during the measured requests, 100 = one core; null if unknown
 * @param agentCpuPercent  mean CPU use of the agent's own measuring threads (equal to the engine's for the embedded engine); null if unknown
 * @param failureCode      set when the model could not be measured at all (not found, failed to load, …)
 * @param failureMessage   what went wrong, for people
 * @param events           notable things in order ("service restarted after connection refused", …); possibly empty
 */
public record ModelPhases(
        String model,
        Double downloadMs,
        Long downloadBytes,
        Double loadMs,
        Double coldTtftMs,
        Double coldE2eMs,
        Long peakRssBytes,
        Double avgCpuPercent,
        Double agentCpuPercent,
        FailureCode failureCode,
        String failureMessage,
        List<String> events) {

    public ModelPhases {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
