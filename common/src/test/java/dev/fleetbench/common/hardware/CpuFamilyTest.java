package dev.fleetbench.common.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuFamilyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Core(TM) Ultra 7 155H                                   | core-ultra-7-1xx",
        "Intel(R) Core(TM) Ultra 7 258V                                   | core-ultra-7-2xx",
        "11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz                   | core-i7-gen11",
        "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz                         | core-i5-gen8",
        "12th Gen Intel(R) Core(TM) i7-12700                              | core-i7-gen12",
        "Intel(R) Core(TM) 5 120U                                         | core-5-1xx",
        "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz                         | xeon-gold-6",
        "AMD Ryzen 7 7840U w/ Radeon 780M Graphics                        | ryzen-7-7000",
        "AMD Ryzen 9 5950X 16-Core Processor                              | ryzen-9-5000",
        "AMD Ryzen AI 9 HX 370 w/ Radeon 890M                             | ryzen-ai-9-300",
        "AMD EPYC 7B13                                                    | epyc-gen3",
        "AMD EPYC 9654 96-Core Processor                                  | epyc-gen4",
        "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Oryon(TM) CPU     | snapdragon-x-elite",
        "Snapdragon(R) X Plus - X1P64100 - Qualcomm(R) Oryon(TM) CPU      | snapdragon-x-plus",
        "Apple M2 Pro                                                     | apple-m2-pro",
        "Apple M3                                                         | apple-m3",
        "Intel(R) Pentium(R) Gold 7505 @ 2.00GHz                          | pentium-gold-7505",
        "Cortex-A72                                                       | cortex-a72",
    })
    void familiesOfKnownProcessors(String model, String family) {
        assertThat(CpuFamily.of(model)).isEqualTo(family);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void blankIsUnknown(String model) {
        assertThat(CpuFamily.of(model)).isEqualTo("unknown");
        assertThat(CpuFamily.of(null)).isEqualTo("unknown");
    }
}
