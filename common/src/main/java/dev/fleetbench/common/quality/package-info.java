/** Automatic, offline quality checks of answers and the built-in task suites per use case. Pure. */
package dev.fleetbench.common.quality;
