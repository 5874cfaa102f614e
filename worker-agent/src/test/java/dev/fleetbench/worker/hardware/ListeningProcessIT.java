package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.worker.measure.OshiProcessStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Which process listens on an endpoint's port: the parsers on captured text of each OS, and live on Linux against a
 * separate JVM, whose peak memory is then readable (what {@code bench --engine foundry|openai} reports).
 */
class ListeningProcessIT {

    static String fixture(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/listeners", name));
    }

    @Test
    void procNetTcpGivesTheListeningSocketsInode() throws Exception {
        // captured on Linux with a python socket listening on 127.0.0.1:18473 (0x4829)
        String tcp = fixture("proc-net-tcp.txt");
        assertThat(ListenerParsers.procNetTcpListenInodes(tcp, 18473)).containsExactly(131407L);
        assertThat(ListenerParsers.procNetTcpListenInodes(tcp, 2024)).hasSize(1); // 0x07E8, listening on 0.0.0.0
        assertThat(ListenerParsers.procNetTcpListenInodes(tcp, 33543)).isEmpty(); // 0x8307: nothing listens there
        assertThat(ListenerParsers.procNetTcpListenInodes(fixture("proc-net-tcp6.txt"), 18473)).isEmpty();
        assertThat(ListenerParsers.procNetTcpListenInodes("garbage\n  0: x", 1)).isEmpty();
        assertThat(ListenerParsers.socketLink(131407)).isEqualTo("socket:[131407]");
    }

    @Test
    void lsofFieldOutputGivesThePid() throws Exception {
        // captured with lsof -nP -iTCP:18473 -sTCP:LISTEN -Fp (the same command on macOS)
        assertThat(ListenerParsers.lsofPid(fixture("lsof-Fp.txt"))).hasValue(21668);
        assertThat(ListenerParsers.lsofPid("f3\nn127.0.0.1:1\n")).isEmpty();
        assertThat(ListenerParsers.lsofPid("")).isEmpty();
    }

    @Test
    void windowsNetstatAndGetNetTcpConnectionGiveThePid() throws Exception {
        // netstat -ano in its documented layout (typed, not captured on a Windows machine here), with a German row
        String netstat = fixture("netstat-ano-windows.txt");
        assertThat(ListenerParsers.netstatListenPid(netstat, 52104)).hasValue(15872); // not the ESTABLISHED client
        assertThat(ListenerParsers.netstatListenPid(netstat, 52200)).hasValue(7720);
        assertThat(ListenerParsers.netstatListenPid(netstat, 52118)).isEmpty();
        assertThat(ListenerParsers.netstatListenPid(netstat, 8080)).isEmpty();
        assertThat(ListenerParsers.owningProcess("\r\n15872\r\n")).hasValue(15872);
        assertThat(ListenerParsers.owningProcess("Get-NetTCPConnection : No matching objects")).isEmpty();
    }

    @Test
    void windowsAndMacProbesRunTheirCommandAndParseIt() {
        ListeningProcess win = new ListeningProcess(OsFamily.WINDOWS, (cmd, t) -> CommandResult.exited(cmd, 0,
                "  TCP    127.0.0.1:5272   0.0.0.0:0   LISTENING   4242\n"), Path.of("/nonexistent"));
        assertThat(win.forUrl("http://127.0.0.1:5272")).hasValue(4242);
        assertThat(win.forUrl("http://10.0.0.5:5272")).isEmpty(); // not this machine's loopback
        assertThat(win.forUrl("http://lab-pc.example:5272")).isEmpty(); // never resolved through DNS
        ListeningProcess mac = new ListeningProcess(OsFamily.MACOS, (cmd, t) -> {
            assertThat(cmd).containsExactly("lsof", "-nP", "-iTCP:5273", "-sTCP:LISTEN", "-Fp");
            return CommandResult.exited(cmd, 0, "p777\n");
        }, Path.of("/nonexistent"));
        assertThat(mac.forUrl("http://localhost:5273/v1")).hasValue(777);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(60)
    void liveOnLinuxTheProcessThatListensIsFoundAndItsMemoryRead() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ListenMain.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(out.readLine().strip());
            ListeningProcess local = ListeningProcess.local();
            assertThat(local.forPort(port)).hasValue(child.pid());
            assertThat(local.forUrl("http://127.0.0.1:" + port + "/v1")).hasValue(child.pid());
            assertThat(local.forUrl("http://localhost:" + port)).hasValue(child.pid());
            assertThat(new OshiProcessStats().read(child.pid())).hasValueSatisfying(s ->
                    assertThat(s.rssBytes()).isGreaterThan(1_000_000L));
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        try (ServerSocket own = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ListeningProcess.local().forPort(own.getLocalPort())).hasValue(ProcessHandle.current().pid());
        }
        assertThat(ListeningProcess.local().forPort(1)).isEqualTo(OptionalLong.empty());
    }
}
