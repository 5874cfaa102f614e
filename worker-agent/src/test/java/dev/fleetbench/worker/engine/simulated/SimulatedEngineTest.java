package dev.fleetbench.worker.engine.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.quality.Verdict;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.measure.Placement;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.SampleContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known timings and known answers: what scenario tests of the recommendation rely on. */
class SimulatedEngineTest {

    private final SimulatedEngine engine = new SimulatedEngine(List.of("knows-all:0", "no-code:0:0:def", "plain"), 0, 0);

    private Sample ask(String model, PromptSpec prompt) {
        RequestRunner runner = new RequestRunner(System::nanoTime, Clock.systemUTC(), () -> "s-1");
        return runner.run(engine, ChatRequest.greedy(model, prompt.text(), 6, Timeouts.ofTotal(Duration.ofSeconds(5))),
                new SampleContext(model, prompt, null, SampleKind.MEASURED, 0, Placement.LOCAL,
                        Fixtures.embeddedFingerprint(model)));
    }

    @Test
    void answersEchoThePromptExceptTheModelsBlindSpots() {
        PromptSpec code = new PromptSpec("sort", UseCase.CODE, "def sort_list", 6, Expectation.contains("def"));
        PromptSpec chat = new PromptSpec("hi", UseCase.CHAT, "hello there", 6, Expectation.contains("hello"));
        assertThat(ask("knows-all", code).text()).isEqualTo("def sort_list def sort_list def sort_list");
        assertThat(ask("knows-all", code).quality().verdict()).isEqualTo(Verdict.PASS);
        assertThat(ask("no-code", code).text()).isEqualTo("tok sort_list tok sort_list tok sort_list");
        assertThat(ask("no-code", code).quality().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ask("no-code", chat).quality().verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aModelWithoutParametersHasNoSizeEither() {
        assertThat(engine.catalog()).extracting(v -> v.id() + " " + v.parameterCount() + " " + v.fileSizeBytes())
                .containsExactly("knows-all 1000000 1000000", "no-code 0 0", "plain 1000000 1000000");
        assertThatThrownBy(() -> new SimulatedEngine(List.of("x:fast"), 0, 0))
                .hasMessageContaining("id[:tokenMs[:parameters[:blind+spots]]]");
    }
}
