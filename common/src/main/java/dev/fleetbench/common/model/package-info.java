/**
 * The domain records of FleetBench: hardware, model variants, prompts, samples and their provenance. Pure Java and
 * Jackson annotations only; no I/O, no clocks, no Vert.x. Records are immutable and thread-safe.
 */
package dev.fleetbench.common.model;
