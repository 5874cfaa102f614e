package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.UseCase;

/**
 * What the catalog says of a built-in suite.
 *
 * @param name    the name to ask for it by
 * @param useCase the use case it measures
 * @param tasks   number of prompts it generates
 * @param source  where its tasks come from
 * @param license the license of its texts
 */
public record SuiteInfo(String name, UseCase useCase, int tasks, String source, String license) {
}
