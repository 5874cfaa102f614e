package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;

/**
 * One generated task: the prompt (with its check) and a reference answer that passes the check, kept with the task so
 * a suite proves its own checks can be met.
 */
record Task(PromptSpec prompt, String reference) {
}
