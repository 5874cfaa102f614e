package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hashed machine ids and the sources they come from. */
class MachineIdsTest {

    @Test
    void idIsPrefixedShortHashNotTheRawValue() {
        String raw = "7d3b9c2e-41f6-4a8d-b5e0-9c1a2f3e4d5b";
        String id = MachineIds.of(raw);
        assertThat(id).matches("m-[0-9a-f]{16}").doesNotContain(raw.substring(0, 8));
        // GUIDs come in either case and with stray white space, but name the same machine
        assertThat(MachineIds.of(" 7D3B9C2E-41F6-4A8D-B5E0-9C1A2F3E4D5B\n")).isEqualTo(id);
        assertThat(MachineIds.of("another")).isNotEqualTo(id);
    }

    @Test
    void idIsSaltedSoTheBareHashOfTheValueIsNotIt() {
        String raw = "b08dfa6083e7567a1921a715000001fb";
        assertThat(MachineIds.of(raw)).isNotEqualTo("m-" + dev.fleetbench.common.model.HardwareProfile.sha256Hex(raw)
                .substring(0, 16));
    }

    @Test
    void firmwarePlaceholdersAreNotUsable() {
        assertThat(MachineIds.usable("To Be Filled By O.E.M.")).isFalse();
        assertThat(MachineIds.usable("00000000-0000-0000-0000-000000000000")).isFalse();
        assertThat(MachineIds.usable("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")).isFalse();
        assertThat(MachineIds.usable("03000200-0400-0500-0006-000700080009")).isFalse();
        assertThat(MachineIds.usable("unknown")).isFalse();
        assertThat(MachineIds.usable("uninitialized\n")).isFalse();
        assertThat(MachineIds.usable(" ")).isFalse();
        assertThat(MachineIds.usable(null)).isFalse();
        assertThat(MachineIds.usable("4C4C4544-0042-3510-8052-B4C04F564433")).isTrue();
    }

    @Test
    void hardwareFallbackTellsIdenticalMachinesApartByHostName() {
        String a = MachineIds.fromHardwareFields("Intel(R) Core(TM) i7-12700", "BFEBFBFF00090672", 20, 34_000_000_000L,
                "lab-desk-03");
        String b = MachineIds.fromHardwareFields("Intel(R) Core(TM) i7-12700", "BFEBFBFF00090672", 20, 34_000_000_000L,
                "lab-desk-04");
        assertThat(a).startsWith("m-").isNotEqualTo(b);
    }

    @Test
    void windowsMachineGuidFromRegQuery() {
        assertThat(RegQueryParser.machineGuid(HardwareFixtures.text("windows/core-ultra/reg-machineguid.txt")))
                .isEqualTo("7d3b9c2e-41f6-4a8d-b5e0-9c1a2f3e4d5b");
        assertThat(RegQueryParser.machineGuid("ERROR: The system was unable to find the specified registry key"))
                .isNull();
    }

    @Test
    void macPlatformUuidFromIoreg() {
        assertThat(IoregParser.platformUuid(HardwareFixtures.text("macos/m2/ioreg-platform-expert.txt")))
                .isEqualTo("5A3C9E21-7B44-5D0E-9F12-3C4B5A6D7E8F");
        assertThat(IoregParser.platformUuid("")).isNull();
    }
}
