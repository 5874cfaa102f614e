package dev.fleetbench.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The measured bandwidth in the hardware profile: optional, compatible with stored profiles, outside the hash. */
class MemoryBandwidthTest {

    static final MemoryBandwidth MEASURED = new MemoryBandwidth(21.5,
            "parallel copy between two 128 MiB off-heap buffers, 4 threads, best of 6 passes, bytes read + written",
            128L << 20, 6, 4, 640.0);

    @Test
    void aProfileStoredBeforeTheProbeStillParsesWithoutAMeasurement() throws IOException {
        // the golden profile is the JSON every stored registration and profile row was written in until now
        String old = Files.readString(Path.of("src", "test", "resources", "golden", "hardware-profile.json"));
        assertThat(old).doesNotContain("memory_bandwidth");
        HardwareProfile p = Json.read(old, HardwareProfile.class);
        assertThat(p.memoryBandwidth()).isNull();
        assertThat(Json.writePretty(p)).as("written back unchanged").isEqualTo(old);
    }

    @Test
    void aMeasurementTravelsWithItsMethodAndDurationAndLeavesTheHashAlone() {
        HardwareProfile plain = Fixtures.intelDesktop();
        HardwareProfile measured = plain.withMemoryBandwidth(MEASURED);
        String json = Json.write(measured);
        assertThat(json).contains("\"memory_bandwidth\":{\"gb_per_second\":21.5,\"method\":\"parallel copy",
                "\"buffer_bytes\":134217728", "\"passes\":6", "\"threads\":4", "\"duration_ms\":640.0");
        HardwareProfile back = Json.read(json, HardwareProfile.class);
        assertThat(back).isEqualTo(measured);
        assertThat(back.memoryBandwidth().bytesPerSecond()).isEqualTo(21.5e9);
        // a measurement varies from start to start; the machine did not change
        assertThat(measured.profileHash()).isEqualTo(plain.profileHash());
    }

    @Test
    void impossibleFiguresAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> new MemoryBandwidth(0, "copy", 1, 1, 1, 1))
                .hasMessageContaining("finite figure > 0 GB/s, got 0.0");
        assertThatThrownBy(() -> new MemoryBandwidth(Double.NaN, "copy", 1, 1, 1, 1)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new MemoryBandwidth(1, " ", 1, 1, 1, 1)).hasMessageContaining("method is missing");
        assertThatThrownBy(() -> new MemoryBandwidth(1, "copy", 1, 0, 1, 1)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Json.read("{\"gb_per_second\":-3,\"method\":\"copy\",\"buffer_bytes\":1,\"passes\":1,"
                + "\"threads\":1,\"duration_ms\":1}", MemoryBandwidth.class)).hasMessageContaining("got -3.0");
    }
}
