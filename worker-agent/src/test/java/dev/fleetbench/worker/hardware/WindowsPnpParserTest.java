package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.NpuInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PowerShell Get-PnpDevice CSV of Intel, Qualcomm and AMD laptops. */
class WindowsPnpParserTest {

    @Test
    void intelAiBoost() {
        assertThat(WindowsPnpParser.parse(HardwareFixtures.text("windows/core-ultra/pnp-npu.csv")))
                .containsExactly(new NpuInfo("Intel(R) AI Boost", "intel", "32.0.100.3104", "pnp"));
    }

    @Test
    void qualcommHexagonWithByteOrderMarkAndCommaInManufacturer() {
        assertThat(WindowsPnpParser.parse(HardwareFixtures.text("windows/snapdragon/pnp-npu.csv")))
                .containsExactly(new NpuInfo("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Hexagon(TM) NPU",
                        "qualcomm", "30.0.140.1000", "pnp"));
    }

    @Test
    void amdIpuUnderSystemDevicesIsFoundByName() {
        assertThat(WindowsPnpParser.parse(HardwareFixtures.text("windows/ryzen-ai/pnp-npu.csv")))
                .containsExactly(new NpuInfo("AMD IPU Device", "amd", "10.1109.8.128", "pnp"));
    }

    @Test
    void unfilteredDeviceListKeepsOnlyNpusOncePerNameAndNotInputDevices() {
        List<NpuInfo> npus = WindowsPnpParser.parse(HardwareFixtures.text("windows/pnp-unfiltered.csv"));
        assertThat(npus).extracting(NpuInfo::name)
                .containsExactly("Intel(R) AI Boost", "NPU Compute Accelerator Device");
        // an unquoted empty last field is a missing driver version, not an empty string
        assertThat(npus.get(1)).isEqualTo(new NpuInfo("NPU Compute Accelerator Device", "amd", null, "pnp"));
    }

    @Test
    void emptyOutputMeansNoNpu() {
        assertThat(WindowsPnpParser.parse("")).isEmpty();
        assertThat(WindowsPnpParser.parse(null)).isEmpty();
        assertThat(WindowsPnpParser.parse("\"Class\",\"FriendlyName\"\r\n")).isEmpty();
    }

    @Test
    void theMatchingRuleUsesWholeWords() {
        assertThat(WindowsPnpParser.isNpu("HIDClass", "USB Input Device")).isFalse();
        assertThat(WindowsPnpParser.isNpu("System", "Intel(R) Ipu6 Camera")).isFalse();
        assertThat(WindowsPnpParser.isNpu("System", "AMD IPU Device")).isTrue();
        // Intel's IPU is a camera image processing unit
        assertThat(WindowsPnpParser.isNpu("Camera", "Intel(R) IPU 7 Camera Controller")).isFalse();
        assertThat(WindowsPnpParser.isNpu("ComputeAccelerator", "Some Future Accelerator")).isTrue();
        assertThat(WindowsPnpParser.isNpu("computeaccelerator", null)).isTrue();
    }

    @Test
    void unknownManufacturerGivesUnknownVendorAsNpuInfoDocuments() {
        assertThat(WindowsPnpParser.npuVendor("Contoso Ltd", "Contoso NPU")).isEqualTo("unknown");
        assertThat(WindowsPnpParser.npuVendor("NVIDIA", "Some NPU")).isEqualTo("unknown");
    }

    @Test
    void scriptSurvivesWindowsArgumentQuoting() {
        // Java quotes a Windows argument that has spaces in double quotes, and escapes none inside it: a double
        // quote in the script would end the argument early
        assertThat(WindowsPnpParser.POWERSHELL_SCRIPT).doesNotContain("\"")
                .contains("ConvertTo-Csv -NoTypeInformation", "Get-PnpDevice -PresentOnly");
    }

    @Test
    void csvFieldsKeepQuotedCommasAndDoubledQuotes() {
        assertThat(CsvParser.fields("\"a,b\",\"say \"\"hi\"\"\",,plain"))
                .containsExactly("a,b", "say \"hi\"", "", "plain");
    }

    @Test
    void csvSkipsTypeLineOfOlderPowerShell() {
        assertThat(CsvParser.rows("#TYPE System.Management.Automation.PSCustomObject\n\"Class\"\n\"Net\"\n"))
                .containsExactly(java.util.Map.of("class", "Net"));
    }
}
