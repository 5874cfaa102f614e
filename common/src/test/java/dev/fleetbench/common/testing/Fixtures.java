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
                "0.1.0", intelDesktop().profileHash(), "6.1.0-18-amd64", null, PowerSource.AC, "5c3f0e9a1d2b", null);
    }

    /**
     * A Core Ultra laptop as the probe reports it on Windows 11: Core Ultra 7 155H (22 threads), 32 GB of which
     * 31.6 GiB usable, the integrated Arc GPU (128 MiB "dedicated" as Windows says), the AI Boost NPU, on AC.
     */
    public static HardwareProfile coreUltraLaptop() {
        return new HardwareProfile("m-7c1e55aa02f94b10", "lab-laptop-11",
                new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Enterprise", "10.0", "26100"),
                new CpuInfo("intel", "Intel(R) Core(TM) Ultra 7 155H", "x86_64", 16, 22, 3_800_000_000L,
                        List.of("avx2", "avx_vnni", "fma")),
                new MemoryInfo(32L * GIB - 410L * 1024 * 1024, 20L * GIB),
                List.of(new GpuInfo("Intel(R) Arc(TM) Graphics", "intel", 128L << 20, "32.0.101.5768")),
                List.of(new NpuInfo("Intel(R) AI Boost", "intel", "32.0.100.3104", "pnp")),
                new PowerInfo(PowerSource.AC, true, 100.0),
                List.of());
    }

    /** The same laptop model with an RTX 4060 Laptop GPU (8 188 MiB, as nvidia-smi and the registry report 8 GB). */
    public static HardwareProfile coreUltraLaptopWithRtx() {
        HardwareProfile p = coreUltraLaptop();
        return new HardwareProfile("m-2d9b0e3f61a84c77", "lab-laptop-12", p.os(), p.cpu(), p.memory(),
                List.of(p.gpus().get(0), new GpuInfo("NVIDIA GeForce RTX 4060 Laptop GPU", "nvidia", 8188L << 20,
                        "32.0.15.6094")),
                p.npus(), p.power(), p.notes());
    }

    /**
     * A Ryzen AI laptop on Windows 11: Ryzen AI 9 HX 370 (24 threads), 32 GB with 2 GiB set aside for the 890M iGPU
     * (which Windows then reports as 2 GiB of dedicated memory), the XDNA 2 NPU as PnP names it, on battery.
     */
    public static HardwareProfile ryzenAiLaptop() {
        return new HardwareProfile("m-94f0c3b2a1d05e66", "lab-laptop-21",
                new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Pro", "10.0", "26100"),
                new CpuInfo("amd", "AMD Ryzen AI 9 HX 370 w/ Radeon 890M", "x86_64", 12, 24, 2_000_000_000L,
                        List.of("avx2", "avx512f", "fma")),
                new MemoryInfo(30L * GIB - 200L * 1024 * 1024, 18L * GIB),
                List.of(new GpuInfo("AMD Radeon(TM) 890M Graphics", "amd", 2L * GIB, "32.0.12010.8")),
                List.of(new NpuInfo("NPU Compute Accelerator Device", "amd", "32.0.203.240", "pnp")),
                new PowerInfo(PowerSource.BATTERY, true, 64.0),
                List.of());
    }

    /** An office desktop with integrated graphics only: Core i5-12400 (12 threads), 16 GB (15.7 GiB), UHD 730. */
    public static HardwareProfile i5OfficeDesktop() {
        return new HardwareProfile("m-3e8a6b1c0f2d4a95", "lab-desk-17",
                new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Education", "10.0", "22631"),
                new CpuInfo("intel", "12th Gen Intel(R) Core(TM) i5-12400", "x86_64", 6, 12, 2_500_000_000L,
                        List.of("avx2", "fma")),
                new MemoryInfo(16L * GIB - 300L * 1024 * 1024, 11L * GIB),
                List.of(new GpuInfo("Intel(R) UHD Graphics 730", "intel", 128L << 20, "31.0.101.4502")),
                List.of(),
                new PowerInfo(PowerSource.AC, false, null),
                List.of());
    }

    /**
     * A MacBook Pro with an M3 Pro (12 cores), 36 GB unified memory (macOS reports all of it), the GPU without VRAM of
     * its own and the Neural Engine, on AC.
     */
    public static HardwareProfile appleM3Mac() {
        return new HardwareProfile("m-b5c4d3e2f1a00918", "lab-mac-02",
                new OsInfo(OsFamily.MACOS, "macOS", "14.6.1", "23G93"),
                new CpuInfo("apple", "Apple M3 Pro", "aarch64", 12, 12, 0, List.of("neon", "fp16", "dotprod")),
                new MemoryInfo(36L * GIB, 20L * GIB),
                List.of(new GpuInfo("Apple M3 Pro", "apple", 0, null)),
                List.of(new NpuInfo("Apple Neural Engine", "apple", null, "apple-silicon")),
                new PowerInfo(PowerSource.AC, true, 95.0),
                List.of());
    }
}
