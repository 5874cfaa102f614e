/**
 * Automatic, offline quality checks of answers (text, counts, JSON, language, numbers, choices, Python, key facts) and
 * their scores. Pure, and below the domain records: {@code model} uses these checks, nothing here uses {@code model}.
 */
package dev.fleetbench.common.quality;
