package dev.fleetbench.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRecordsTest {

    @Test
    void expectationsCompareAsDocumented() {
        assertThat(Expectation.exact(", there was").matches("  , there was\n")).isTrue();
        assertThat(Expectation.exact(", there was").matches(", there was a")).isFalse();
        assertThat(Expectation.contains("Lily").matches("a girl named Lily.")).isTrue();
        assertThat(Expectation.contains("lily").matches("a girl named Lily.")).isFalse();
        assertThat(Expectation.regex("def \\w+\\(").matches("```python\ndef sort_list(xs):")).isTrue();
        assertThat(Expectation.regex("x").matches(null)).isFalse();
    }

    @Test
    void badExpectationsAreRefusedWithTheField() {
        assertThatThrownBy(() -> Expectation.regex("(")).hasMessageStartingWith("expect.regex is not a valid");
        assertThatThrownBy(() -> Expectation.exact("")).hasMessage("expect.exact is empty");
    }

    @Test
    void promptValidationNamesTheProblem() {
        assertThatThrownBy(() -> new PromptSpec("../etc", UseCase.CHAT, "t", 8, null))
                .hasMessageContaining("prompt id '../etc' is invalid");
        assertThatThrownBy(() -> new PromptSpec("p", UseCase.CHAT, " ", 8, null)).hasMessageContaining("text is missing");
        assertThatThrownBy(() -> new PromptSpec("p", UseCase.CHAT, "t", 0, null)).hasMessageContaining("max_tokens 0");
        assertThatThrownBy(() -> new PromptSet(List.of(new PromptSpec("a", UseCase.CHAT, "t", 8, null),
                new PromptSpec("a", UseCase.CODE, "u", 8, null)))).hasMessageContaining("'a' is used twice");
    }

    @Test
    void failedSamplesNeedACodeAndOkSamplesMustNotHaveOne() {
        Sample.Builder b = Sample.builder("id", "m", "p", SampleKind.MEASURED, 0);
        assertThat(b.failed(FailureCode.HTTP_ERROR, "500").ok()).isFalse();
        assertThat(b.ok().warmup()).isFalse();
        assertThat(Sample.builder("id", "m", "p", SampleKind.COLD, 0).ok().warmup()).isTrue();
    }

    @Test
    void profileHashIgnoresVolatileReadings() {
        HardwareProfile p = Fixtures.snapdragonLaptop();
        HardwareProfile later = new HardwareProfile(p.machineId(), "renamed", p.os(), p.cpu(),
                new MemoryInfo(p.memory().totalBytes(), 1), p.gpus(), p.npus(),
                new PowerInfo(PowerSource.BATTERY, true, 12.0), p.notes());
        assertThat(later.profileHash()).isEqualTo(p.profileHash()).hasSize(16);
        HardwareProfile upgraded = new HardwareProfile(p.machineId(), p.hostname(),
                new OsInfo(p.os().family(), p.os().name(), p.os().version(), "26200"), p.cpu(), p.memory(), p.gpus(),
                p.npus(), p.power(), p.notes());
        assertThat(upgraded.profileHash()).isNotEqualTo(p.profileHash());
    }

    @Test
    void enumsParseLeniently() {
        assertThat(DeviceType.parse("npu")).isEqualTo(DeviceType.NPU);
        assertThatThrownBy(() -> DeviceType.parse("tpu")).hasMessageContaining("expected one of cpu, gpu, npu");
        assertThat(OsFamily.parse("Mac OS X")).isEqualTo(OsFamily.MACOS);
        assertThat(OsFamily.parse("Windows 11")).isEqualTo(OsFamily.WINDOWS);
        assertThat(PowerSource.parse("whatever")).isEqualTo(PowerSource.UNKNOWN);
        assertThat(UseCase.parse("Summarisation")).isEqualTo(UseCase.SUMMARIZATION);
    }
}
