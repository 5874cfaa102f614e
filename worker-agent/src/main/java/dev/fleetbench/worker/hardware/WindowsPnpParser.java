package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.hardware.Vendors;
import dev.fleetbench.common.model.NpuInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds NPUs among Windows Plug-and-Play devices, from the CSV of {@link #POWERSHELL_SCRIPT} (columns Class,
 * FriendlyName, Manufacturer, DriverVersion). A device is an NPU when its setup class is {@code ComputeAccelerator}
 * (Device Manager's "Neural processors") or its name is one NPUs are known by: Intel "AI Boost", Qualcomm
 * "Hexagon … NPU", AMD "IPU" (Ryzen 7040/8040 drivers put it under System devices) or any whole word "NPU". Whole
 * words matter: "USB Input Device" contains the letters n-p-u. Intel's "IPU" is its camera image processing unit,
 * not an NPU, so IPU counts only when the name is not Intel's. Pure.
 */
final class WindowsPnpParser {

    /**
     * The query, run as {@code powershell -NoProfile -NonInteractive -Command SCRIPT}. PnP class and property names
     * are the same in every display language, unlike the labels of {@code pnputil}. The filter here only saves a
     * driver-version lookup per device; {@link #parse} applies the real rule again, so it does not depend on it.
     */
    static final String POWERSHELL_SCRIPT = "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
            + "Get-PnpDevice -PresentOnly | Where-Object { $_.Class -eq 'ComputeAccelerator' -or "
            + "$_.FriendlyName -match 'AI Boost|Hexagon|\\bNPU\\b|\\bIPU\\b' } | ForEach-Object { [pscustomobject]@{ "
            + "Class = $_.Class; FriendlyName = $_.FriendlyName; Manufacturer = $_.Manufacturer; DriverVersion = "
            + "(Get-PnpDeviceProperty -InstanceId $_.InstanceId -KeyName 'DEVPKEY_Device_DriverVersion' "
            + "-ErrorAction SilentlyContinue).Data } } | ConvertTo-Csv -NoTypeInformation";

    private static final Pattern NPU_NAME = Pattern.compile("AI Boost|Hexagon|\\bNPU\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IPU_NAME = Pattern.compile("\\bIPU\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEL = Pattern.compile("intel", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NPU_VENDORS = Set.of("qualcomm", "intel", "amd", "apple");

    private WindowsPnpParser() {
    }

    /** The NPUs in the CSV, in output order, one per distinct name; empty when there are none or the text is empty. */
    static List<NpuInfo> parse(String csv) {
        List<NpuInfo> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, String> row : CsvParser.rows(csv)) {
            String cls = trimToNull(row.get("class"));
            String name = trimToNull(row.get("friendlyname"));
            if (name == null || !isNpu(cls, name) || !seen.add(name)) {
                continue;
            }
            String manufacturer = trimToNull(row.get("manufacturer"));
            out.add(new NpuInfo(name, npuVendor(manufacturer, name), trimToNull(row.get("driverversion")), "pnp"));
        }
        return out;
    }

    static boolean isNpu(String pnpClass, String name) {
        if ("ComputeAccelerator".equalsIgnoreCase(pnpClass)) {
            return true;
        }
        return name != null && (NPU_NAME.matcher(name).find()
                || (IPU_NAME.matcher(name).find() && !INTEL.matcher(name).find()));
    }

    /** An NPU vendor as {@link NpuInfo} documents it: qualcomm, intel, amd, apple or "unknown". */
    static String npuVendor(String manufacturer, String name) {
        String v = Vendors.acceleratorVendor(manufacturer, name);
        return NPU_VENDORS.contains(v) ? v : "unknown";
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
