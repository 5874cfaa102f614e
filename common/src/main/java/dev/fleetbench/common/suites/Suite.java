package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.List;
import java.util.Objects;

/**
 * A built-in task suite as generated for one seed. Immutable.
 *
 * @param name    the suite's name, e.g. {@code reasoning-arithmetic}
 * @param useCase the use case every prompt stands for
 * @param version content hash (12 hex digits) of the name, the seed and the generated prompts with their checks
 * @param seed    the seed the prompts were generated from
 * @param prompts the prompts, ids {@code <name>.<n>} from 1, each with its check
 */
public record Suite(String name, UseCase useCase, String version, long seed, List<PromptSpec> prompts) {

    public Suite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(version, "version");
        prompts = List.copyOf(prompts);
    }
}
