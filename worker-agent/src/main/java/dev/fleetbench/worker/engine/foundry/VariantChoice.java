package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.DeviceType;

/**
 * Which variant an alias or id resolved to, why, and whether this machine's hardware profile shows the device it
 * runs on. Recorded beside the measurement (as an event of the model's phases) so that a surprising choice can be
 * explained later.
 *
 * @param input           what the person typed
 * @param device          the device asked for ({@code --device}), or null
 * @param entry           the chosen catalog entry
 * @param rule            which rule of spec §5.2 chose it
 * @param epOverride      execution provider sent with the load ({@code cuda} for generic-GPU variants when the
 *                        catalog has CUDA), or null
 * @param profileDevices  what the hardware profile shows ("CPU Intel Core i7-1185G7; GPU Intel Iris Xe; NPU none"),
 *                        or "hardware profile unknown"
 * @param deviceInProfile false when the profile does not show the variant's device (flag it: the service may
 *                        run it elsewhere, or the profile probe missed the device)
 */
record VariantChoice(String input, DeviceType device, CatalogEntry entry, Rule rule, String epOverride,
                     String profileDevices, boolean deviceInProfile) {

    /** The rules of the legacy SDKs' {@code get_model_info} (spec §5.2), in the order they are tried. */
    enum Rule {
        EXACT_ID("exact id"),
        HIGHEST_VERSION("highest version of that id"),
        FIRST_ALIAS_MATCH("first variant of the alias in the service's order"),
        WINDOWS_GENERIC_GPU_TO_CPU("Windows: generic-GPU variant without CUDA replaced by the alias's CPU variant");

        private final String words;

        Rule(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    /** The event text: one line a person can read. */
    String describe() {
        return "resolved '" + input + "'" + (device == null ? "" : " for device " + device) + " to " + entry.id()
                + " (" + entry.deviceType() + ", " + (entry.executionProvider() == null ? "execution provider unknown"
                : entry.executionProvider()) + (epOverride == null ? "" : ", loaded with ep=" + epOverride) + ") by "
                + rule.words() + "; hardware profile: " + profileDevices
                + (deviceInProfile ? "" : "; WARNING: the hardware profile shows no " + entry.deviceType()
                + ", so this variant may not run where its name says");
    }
}
