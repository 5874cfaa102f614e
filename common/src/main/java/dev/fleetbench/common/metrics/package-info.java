/** Pure derivation of per-request metrics from monotonic timestamps, exactly as {@code metrics.md} defines them. */
package dev.fleetbench.common.metrics;
