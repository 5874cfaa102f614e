package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.hardware.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI parsers on captured output of both CLI generations (spec §1). */
class CliOutputTest {

    private static ServiceStatus status(int exit, String out) {
        return CliOutput.status(CommandResult.exited(List.of("foundry", "service", "status"), exit, out));
    }

    @Test
    void legacyRunningTakesTheFirstUrlWithoutItsPath() {
        ServiceStatus s = status(0, "🟢 Model management service is running on http://127.0.0.1:56034/openai/status\n"
                + "EP autoregistration status: Successfully downloaded and registered the following EPs: .\n"
                + "Valid EPs: CPUExecutionProvider, WebGpuExecutionProvider\n");
        assertThat(s.state()).isEqualTo(ServiceStatus.State.RUNNING);
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:56034");
        assertThat(s.validEps()).containsExactly("CPUExecutionProvider", "WebGpuExecutionProvider");
    }

    @Test
    void legacyStoppedWhateverTheExitCode() {
        String out = "🔴 Model management service is not running!\n"
                + "To start the service, run the following command: foundry service start\n";
        assertThat(status(0, out).state()).isEqualTo(ServiceStatus.State.STOPPED);
        assertThat(status(1, out).state()).isEqualTo(ServiceStatus.State.STOPPED);
    }

    @Test
    void aFailedRequestOfTheCliItselfMeansBroken() {
        assertThat(status(1, "Exception: Request to local service failed. Uri:http://127.0.0.1:5273/openai/status\n")
                .state()).isEqualTo(ServiceStatus.State.BROKEN);
        assertThat(status(1, "Exception: Request to local service failed. Uri: http://127.0.0.1:0/foundry/list\n")
                .state()).isEqualTo(ServiceStatus.State.BROKEN);
    }

    @Test
    void newCliRejectsServiceOnStdoutOrByExitCode() {
        assertThat(status(1, "error: Unrecognized command or argument 'service'\n").state())
                .isEqualTo(ServiceStatus.State.UNRECOGNIZED);
        // System.CommandLine prints the error on stderr (not captured) and help on stdout
        assertThat(status(1, "Description:\n  Foundry Local CLI\n\nUsage:\n  foundry [command] [options]\n").state())
                .isEqualTo(ServiceStatus.State.UNRECOGNIZED);
    }

    @Test
    void newCliServerStatus() {
        ServiceStatus s = status(0, "State      Running\nPID        4242\nStarted    2026-08-01 10:00:00\n"
                + "Uptime     00:00:12\nWeb URLs   http://127.0.0.1:61234\nLogs       /Users/x/.foundry/logs\n");
        assertThat(s.state()).isEqualTo(ServiceStatus.State.RUNNING);
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:61234");
        assertThat(s.pid()).hasValue(4242);
        assertThat(status(0, "State: Stopped\n").state()).isEqualTo(ServiceStatus.State.STOPPED);
        assertThat(CliOutput.firstUrl("● success: Server ready (http://127.0.0.1:5000)")).hasValue("http://127.0.0.1:5000");
    }

    @Test
    void cacheLocationAndVersion() {
        assertThat(CliOutput.cacheLocation("💾 Cache directory path: /Users/x/.foundry/cache/models\n"))
                .hasValue("/Users/x/.foundry/cache/models");
        assertThat(CliOutput.cacheLocation("C:\\Users\\x\\.foundry\\cache\\models\n"))
                .hasValue("C:\\Users\\x\\.foundry\\cache\\models");
        assertThat(CliOutput.cacheLocation("nothing here")).isEmpty();
        assertThat(CliOutput.version("0.8.119+9b4be4ed38\n")).hasValue("0.8.119+9b4be4ed38");
    }

    @Test
    void endpointsAreStrippedToSchemeHostPort() {
        assertThat(Discovery.stripPath("http://127.0.0.1:5273/openai/status")).isEqualTo("http://127.0.0.1:5273");
        assertThat(Discovery.stripPath("http://localhost:5273/v1")).isEqualTo("http://localhost:5273");
    }
}
