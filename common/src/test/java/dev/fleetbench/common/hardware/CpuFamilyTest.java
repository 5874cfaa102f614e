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
        "AMD Ryzen 7 7840U w/ Radeon 780M Graphics                        | ryzen-7-7040",
        "AMD Ryzen 7 7730U with Radeon Graphics                           | ryzen-7-7030",
        "AMD Ryzen 5 7535HS with Radeon Graphics                          | ryzen-5-7035",
        "AMD Ryzen 9 7945HX with Radeon Graphics                          | ryzen-9-7045",
        "AMD Ryzen 7 8840U w/ Radeon 780M Graphics                        | ryzen-7-8040",
        "AMD Ryzen 7 7700X 8-Core Processor                               | ryzen-7-7000",
        "AMD Ryzen 7 5800U with Radeon Graphics                           | ryzen-7-5000",
        "AMD RYZEN AI MAX+ 395 w/ Radeon 8060S                            | ryzen-ai-max-300",
        "AMD Ryzen AI 7 350 w/ Radeon 860M                                | ryzen-ai-7-300",
        "Intel(R) Core(TM) i7-10750H CPU @ 2.60GHz                        | core-i7-gen10",
        "Intel(R) Core(TM) i5-1035G1 CPU @ 1.00GHz                        | core-i5-gen10",
        "13th Gen Intel(R) Core(TM) i5-1335U                              | core-i5-gen13",
        "Intel(R) Core(TM) i9-14900K                                      | core-i9-gen14",
        "Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz                          | core-i7-gen4",
        "Intel(R) Core(TM) Ultra 5 125U                                   | core-ultra-5-1xx",
        "Intel(R) Core(TM) Ultra 9 285K                                   | core-ultra-9-2xx",
        "Snapdragon(R) X 12-core X1E80100 @ 3.40 GHz                      | snapdragon-x-elite",
        "Snapdragon(R) X 10-core X1P64100 @ 3.40 GHz                      | snapdragon-x-plus",
        "Snapdragon(R) X - X1-26-100 - Qualcomm(R) Oryon(TM) CPU          | snapdragon-x",
        "Apple M1                                                         | apple-m1",
        "Apple M4 Max                                                     | apple-m4-max",
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
