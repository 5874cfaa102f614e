package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Where a model variant executes. Spelled as Foundry Local spells {@code runtime.deviceType}: CPU, GPU, NPU. */
public enum DeviceType {
    CPU,
    GPU,
    NPU;

    /**
     * Parses a device name case-insensitively ("npu", "NPU").
     *
     * @throws IllegalArgumentException naming the accepted values when the text is none of them
     */
    @JsonCreator
    public static DeviceType parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("device type is missing; expected one of cpu, gpu, npu");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device type '" + text + "'; expected one of cpu, gpu, npu");
        }
    }
}
