package dev.fleetbench.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each service manager keeps the definition, and what installs, removes and queries it. */
class ServicePlansTest {

    private static final Path HOME = Path.of("/home/lab");
    private static final Path DATA = Path.of("/home/lab/.fleetbench");

    private static ServiceDefinition def(boolean user, String account) {
        return new ServiceDefinition("fleetbench-worker", List.of("/opt/fb/fleetbench", "worker", "--join", "h:1"),
                "/opt/fb", account, user, "/home/lab/Library/Logs/FleetBench");
    }

    @Test
    void systemd() {
        ServicePlans p = new ServicePlans(ServicePlatform.SYSTEMD, HOME, DATA, "");
        ServicePlan system = p.install(def(false, null));
        assertThat(system.file()).isEqualTo(Path.of("/etc/systemd/system/fleetbench-worker.service"));
        assertThat(system.commands()).containsExactly(List.of("systemctl", "daemon-reload"),
                List.of("systemctl", "enable", "--now", "fleetbench-worker.service"));
        ServicePlan user = p.install(def(true, null));
        assertThat(user.file()).isEqualTo(HOME.resolve(".config/systemd/user/fleetbench-worker.service"));
        assertThat(user.commands().get(1)).containsExactly("systemctl", "--user", "enable", "--now", "fleetbench-worker.service");
        assertThat(user.notes()).anyMatch(n -> n.contains("loginctl enable-linger"));
        assertThat(p.uninstall(def(false, null)).commands())
                .containsExactly(List.of("systemctl", "disable", "--now", "fleetbench-worker.service"));
        assertThat(p.uninstall(def(false, null)).content()).isNull();
    }

    @Test
    void launchd() {
        ServicePlans p = new ServicePlans(ServicePlatform.LAUNCHD, Path.of("/Users/lab"), DATA, "501");
        ServicePlan agent = p.install(def(true, null));
        assertThat(agent.file()).isEqualTo(Path.of("/Users/lab/Library/LaunchAgents/dev.fleetbench.fleetbench-worker.plist"));
        assertThat(agent.commands()).containsExactly(List.of("launchctl", "bootstrap", "gui/501", agent.file().toString()));
        assertThat(p.uninstall(def(true, null)).commands())
                .containsExactly(List.of("launchctl", "bootout", "gui/501/dev.fleetbench.fleetbench-worker"));
        assertThat(p.install(def(false, null)).file())
                .isEqualTo(Path.of("/Library/LaunchDaemons/dev.fleetbench.fleetbench-worker.plist"));
    }

    @Test
    void windows() {
        ServicePlans p = new ServicePlans(ServicePlatform.WINDOWS_TASK, HOME, DATA, "");
        ServicePlan boot = p.install(def(false, "LAB\\svc-bench"));
        assertThat(boot.utf16()).isTrue();
        assertThat(boot.file()).isEqualTo(DATA.resolve("service/fleetbench-worker.xml"));
        assertThat(boot.commands().get(0)).containsExactly("schtasks", "/Create", "/TN", "\\FleetBench\\fleetbench-worker",
                "/XML", boot.file().toString(), "/F", "/RU", "LAB\\svc-bench", "/RP");
        assertThat(boot.commands().get(1)).containsExactly("schtasks", "/Run", "/TN", "\\FleetBench\\fleetbench-worker");
        assertThat(p.install(def(true, null)).notes()).anyMatch(n -> n.contains("app-execution alias"));
        assertThat(p.uninstall(def(false, null)).commands().get(1))
                .containsExactly("schtasks", "/Delete", "/TN", "\\FleetBench\\fleetbench-worker", "/F");
    }

    @Test
    void platformsFromTheOsName() {
        assertThat(ServicePlatform.of("Windows 11")).isEqualTo(ServicePlatform.WINDOWS_TASK);
        assertThat(ServicePlatform.of("Mac OS X")).isEqualTo(ServicePlatform.LAUNCHD);
        assertThat(ServicePlatform.of("Linux")).isEqualTo(ServicePlatform.SYSTEMD);
        assertThatThrownBy(() -> ServicePlatform.of("FreeBSD")).hasMessageContaining("FreeBSD");
        assertThatThrownBy(() -> new ServiceDefinition("bad name", List.of("/x"), "/", null, false, "/"))
                .hasMessageContaining("bad name");
    }
}
