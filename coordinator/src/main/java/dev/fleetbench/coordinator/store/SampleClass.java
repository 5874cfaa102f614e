package dev.fleetbench.coordinator.store;

/**
 * The hardware class that some of a worker's samples were stored with (their profile's class, with their own power
 * source), as the store reads it.
 *
 * @param workerId    the worker
 * @param classKey    the class key; "unknown" for samples whose profile is not stored
 * @param label       the class label; "unknown" likewise
 * @param ramGb       the class's RAM in GB; 0 if unknown
 * @param ramBytes    the smallest total memory in bytes among the worker's profiles of this class; 0 if unknown
 * @param accelerator the class's accelerators ({@code none} if unknown)
 * @param samples     how many measured, counted samples
 */
public record SampleClass(String workerId, String classKey, String label, int ramGb, long ramBytes, String accelerator,
                          long samples) {
}
