package dev.fleetbench.coordinator.domain.results;

/**
 * What the fleet says about one hardware class.
 *
 * @param key        class key
 * @param label      short label for people
 * @param machines   workers of this class that contributed samples
 * @param ramBytes   the smallest total RAM among them (for the memory rule)
 * @param ramGb      the class's rounded RAM size
 * @param accelerator the class's accelerator ({@code none}, {@code npu:qualcomm}, …)
 */
public record ClassFacts(String key, String label, int machines, long ramBytes, int ramGb, String accelerator) {
}
