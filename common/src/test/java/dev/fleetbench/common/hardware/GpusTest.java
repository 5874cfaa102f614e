package dev.fleetbench.common.hardware;

import static dev.fleetbench.common.testing.Fixtures.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.GpuInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adapter names as Windows, Linux and macOS report them, with what each adapter is (from the vendors' data sheets). */
class GpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Arc(TM) Graphics                  | intel    | 134217728  | true",
        "Intel(R) Arc(TM) 140V GPU (16GB)           | intel    | 134217728  | true",
        "Intel(R) UHD Graphics 730                  | intel    | 134217728  | true",
        "Intel(R) Iris(R) Xe Graphics               | intel    | 134217728  | true",
        "Intel(R) Arc(TM) A770 Graphics             | intel    | 17179869184 | false",
        "Intel(R) Arc(TM) B580 Graphics             | intel    | 12884901888 | false",
        "AMD Radeon(TM) 890M Graphics               | amd      | 2147483648 | true",
        "AMD Radeon 780M Graphics                   | amd      | 536870912  | true",
        "AMD Radeon(TM) Graphics                    | amd      | 536870912  | true",
        "AMD Radeon RX 7900 XTX                     | amd      | 25769803776 | false",
        "AMD Radeon RX 6600M                        | amd      | 8589934592 | false",
        "AMD Radeon PRO W7800                       | amd      | 34359738368 | false",
        "NVIDIA GeForce RTX 4060 Laptop GPU         | nvidia   | 8585740288 | false",
        "NVIDIA GeForce GTX 1650                    | nvidia   | 0          | false",
        "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Adreno(TM) GPU | qualcomm | 0 | true",
        "Apple M3 Pro                               | apple    | 0          | true",
    })
    void integratedOrDiscrete(String name, String vendor, long vram, boolean integrated) {
        assertThat(Gpus.integrated(new GpuInfo(name, vendor, vram, null))).isEqualTo(integrated);
    }

    @ParameterizedTest(name = "{0} GiB")
    @CsvSource({
        "0, ", "4, lt8gb", "6, lt8gb", "7.4, lt8gb", "7.996, 8gb", "8, 8gb", "10, 8gb", "11.99, 12gb", "12, 12gb",
        "16, 16gb", "20, 16gb", "24, 24gb", "32, 32gb", "48, 32gb", "80, 32gb",
    })
    void vramTiers(double gib, String tier) {
        assertThat(Gpus.vramTier((long) (gib * GIB))).isEqualTo(tier);
    }
}
