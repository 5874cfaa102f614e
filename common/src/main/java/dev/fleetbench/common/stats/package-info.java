/** Pure statistics over raw samples: summaries, percentiles (type 7), confidence intervals, the stability rule. */
package dev.fleetbench.common.stats;
