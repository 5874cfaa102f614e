package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import dev.fleetbench.worker.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --engine foundry} with phi-4-mini and qwen2.5-0.5b against the Foundry test double (answers from the
 * embedded engine): without quality evidence the faster model is never called "best quality", the summary says the
 * ranking rests on speed; with a suite, each model's measured score per use case is printed.
 */
@DisabledOnOs(OS.WINDOWS)
class FoundryBenchRecommendationIT {

    @TempDir
    Path dir;

    @AfterEach
    void clearPath() {
        System.clearProperty("fleetbench.env.PATH");
        System.clearProperty("fleetbench.env.FOUNDRY_LOCAL_ENDPOINT");
    }

    @Test
    void withoutQualityEvidenceTheFasterModelIsNeverBestQualityAndWithASuiteScoresArePrinted() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir.resolve("double"))) {
            System.setProperty("fleetbench.env.PATH", d.binDir().toString());
            System.setProperty("fleetbench.env.FOUNDRY_LOCAL_ENDPOINT", "");
            CliRun speed = CliRun.of("bench", "--engine", "foundry", "--endpoint", "", "--data-dir",
                    dir.resolve("data").toString(), "--model", "phi-4-mini", "--model", "qwen2.5-0.5b", "--device", "cpu",
                    "--prompt", "Once upon a time", "--max-tokens", "8", "--repeat", "3", "--warmup", "0",
                    "--min-requests", "3", "--max-error-rate", "0.9", "--min-decode-tps", "0");
            assertThat(speed.code()).as(speed.err()).isZero();
            assertThat(speed.out()).doesNotContainIgnoringCase("best")
                    .contains("chat: Recommended: ")
                    .containsAnyOf("ranked by speed: no quality evidence", "the only one of 1 model(s)")
                    .contains("quality —");
            // the default evidence rules: three requests are not enough, and the output says so
            CliRun strict = CliRun.of("bench", "--engine", "foundry", "--endpoint", "", "--data-dir",
                    dir.resolve("data").toString(), "--model", "phi-4-mini", "--model", "qwen2.5-0.5b", "--device", "cpu",
                    "--prompt", "Once upon a time", "--max-tokens", "8", "--repeat", "3", "--warmup", "0");
            assertThat(strict.out()).contains("insufficient evidence — 3 successful measured request(s) < 10")
                    .doesNotContainIgnoringCase("best");

            CliRun suite = CliRun.of("bench", "--engine", "foundry", "--endpoint", "", "--data-dir",
                    dir.resolve("data").toString(), "--model", "phi-4-mini", "--model", "qwen2.5-0.5b", "--device", "cpu",
                    "--suite", "reasoning-arithmetic", "--max-tokens", "8", "--repeat", "1", "--warmup", "0");
            assertThat(suite.code()).as(suite.err()).isZero();
            assertThat(suite.out()).containsPattern("reasoning +Phi-4-mini-instruct-generic-cpu:4 +\\d\\.\\d\\d +\\d+ +\\d+ +"
                    + "\\d\\.\\d\\d–\\d\\.\\d\\d")
                    .containsPattern("reasoning +qwen2\\.5-0\\.5b-instruct-generic-cpu:4 +\\d\\.\\d\\d +\\d+ +\\d+")
                    .doesNotContainIgnoringCase("best quality");
        }
    }
}
