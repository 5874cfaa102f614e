/**
 * The built-in task suites per use case: prompts with the checks their answers must pass, generated from a seed
 * (sources and licenses in {@code SOURCES.md} beside this package's resources). Pure; builds on {@code model} and
 * {@code quality}.
 */
package dev.fleetbench.common.suites;
