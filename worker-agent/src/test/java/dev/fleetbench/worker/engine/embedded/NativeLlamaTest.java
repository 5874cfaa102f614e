package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import org.junit.jupiter.api.Test;

class NativeLlamaTest {

    @Test
    void aMissingLibgompSaysWhatToInstall() {
        EngineException e = NativeLlama.unavailable(new UnsatisfiedLinkError(
                "/tmp/libjllama.so: libgomp.so.1: cannot open shared object file: No such file or directory"));

        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("libgomp1").contains("apt-get install").doesNotContain("\tat ");
    }

    @Test
    void anUnsupportedPlatformIsNamed() {
        EngineException e = NativeLlama.unavailable(new ExceptionInInitializerError(new UnsatisfiedLinkError(
                "No native library found for os.name=Windows, os.arch=aarch64, paths=[/de/kherud/llama]")));

        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no native library").contains("Foundry Local");
    }

    @Test
    void knowsTheBindingAndItsBuild() {
        assertThat(NativeLlama.bindingVersion()).isEqualTo("4.1.0");
        assertThat(NativeLlama.knownBuild("4.1.0")).isEqualTo("b4916");
    }
}
