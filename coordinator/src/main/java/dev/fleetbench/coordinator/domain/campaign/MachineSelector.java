package dev.fleetbench.coordinator.domain.campaign;

import dev.fleetbench.common.model.DeviceType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which machines a campaign runs on. Every condition given must hold; an empty selector selects every machine.
 *
 * @param labels          labels the worker must carry with these values (room=b12)
 * @param hardwareClasses hardware-class keys or patterns with {@code *} wildcards; any may match
 * @param minRamGb        at least this much RAM (rounded class size); 0 = no minimum
 * @param devices         the machine must have one of these devices (CPU always counts); empty = any
 * @param workers         only these worker ids; empty = any
 */
public record MachineSelector(Map<String, String> labels, List<String> hardwareClasses, int minRamGb,
                              Set<DeviceType> devices, List<String> workers) {

    public static final MachineSelector ALL = new MachineSelector(Map.of(), List.of(), 0, Set.of(), List.of());

    public MachineSelector {
        labels = Map.copyOf(labels);
        hardwareClasses = List.copyOf(hardwareClasses);
        devices = Set.copyOf(devices);
        workers = List.copyOf(workers);
    }
}
