package dev.fleetbench.common.testing;

import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import java.util.List;

/** Hand-made domain objects for tests in every module. */
public final class Fixtures {

    public static final long GIB = 1L << 30;

    private Fixtures() {
    }

    /** A Copilot+ laptop: Snapdragon X Elite, 12 cores, 16 GB, Hexagon NPU, Adreno GPU, on AC power. */
    public static HardwareProfile snapdragonLaptop() {
        return new HardwareProfile("m-5f0c2a9e1b7d4c33", "lab-laptop-07",
                new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Pro", "10.0", "26100"),
                new CpuInfo("qualcomm", "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Oryon(TM) CPU", "aarch64",
                        12, 12, 3_417_000_000L, List.of("neon")),
                new MemoryInfo(16L * GIB - 400L * 1024 * 1024, 9L * GIB),
                List.of(new GpuInfo("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Adreno(TM) GPU", "qualcomm", 0,
                        "31.0.96.0")),
                List.of(new NpuInfo("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Hexagon(TM) NPU", "qualcomm",
                        "30.0.140.1000", "pnp")),
                new PowerInfo(PowerSource.AC, true, 87.0),
                List.of());
    }

    /** A CPU-only desktop: Intel Core i7-12700, 20 threads, 32 GB, Linux, no battery. */
    public static HardwareProfile intelDesktop() {
        return new HardwareProfile("m-0a1b2c3d4e5f6071", "lab-desk-03",
                new OsInfo(OsFamily.LINUX, "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64"),
                new CpuInfo("intel", "12th Gen Intel(R) Core(TM) i7-12700", "x86_64", 12, 20, 4_900_000_000L,
                        List.of("avx2", "avx_vnni", "fma")),
                new MemoryInfo(32L * GIB - 300L * 1024 * 1024, 28L * GIB),
                List.of(),
                List.of(),
                new PowerInfo(PowerSource.AC, false, null),
                List.of("no graphics cards visible"));
    }

    /** The provenance of a sample of the embedded engine on the Intel desktop. */
    public static Fingerprint embeddedFingerprint(String model) {
        return new Fingerprint(model, "llama.cpp-cpu", DeviceType.CPU, "embedded", "llama.cpp b4916 (de.kherud:llama 4.1.0)",
                "0.1.0", intelDesktop().profileHash(), "6.1.0-18-amd64", null, PowerSource.AC, "5c3f0e9a1d2b");
    }
}
