package dev.fleetbench.worker.cli;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.worker.hardware.HardwareProbe;
import dev.fleetbench.worker.hardware.HardwareReport;
import dev.fleetbench.worker.hardware.MemoryBandwidthProbe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetbench hardware [--json]}: what the agent sees of this machine. */
@Command(name = "hardware", mixinStandardHelpOptions = true,
        description = "Print this machine's hardware profile and hardware class.")
final class HardwareCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the profile as JSON")
    boolean json;

    @Override
    public Integer call() {
        HardwareProfile profile = MemoryBandwidthProbe.addTo(HardwareProbe.system().probe());
        System.out.print(json ? Json.writePretty(profile) : HardwareReport.render(profile));
        return 0;
    }
}
