package dev.fleetbench.worker.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The "Energy Meter" performance counter set of a Windows machine, read in-process through PDH (OSHI's wrapper over
 * the Performance Data Helper): every instance's {@code Energy} counter, in picowatt-hours. Where the counter set does
 * not exist (no driver implements the Energy Meter Interface) or PDH fails, the list is empty. Used only on Windows;
 * not run by this project's tests, which read captured {@code typeperf} output instead ({@link EmiChannels}).
 */
final class WindowsEnergyCounters implements Supplier<List<EmiChannels.Channel>> {

    /** The first constant filters instances (all of them); the others name counters, as OSHI's wildcard query wants. */
    enum Counter implements oshi.driver.common.windows.perfmon.PdhCounterWildcardProperty {
        NAME("*"),
        ENERGY("Energy");

        private final String counter;

        Counter(String counter) {
            this.counter = counter;
        }

        @Override
        public String getCounter() {
            return counter;
        }
    }

    @Override
    public List<EmiChannels.Channel> get() {
        try {
            oshi.util.tuples.Pair<List<String>, Map<Counter, List<Long>>> r = oshi.util.platform.windows
                    .PerfCounterWildcardQuery.queryInstancesAndValuesFromPDH(Counter.class, "Energy Meter");
            List<String> names = r.getA();
            List<Long> energy = r.getB().get(Counter.ENERGY);
            List<EmiChannels.Channel> out = new ArrayList<>();
            for (int i = 0; energy != null && i < names.size() && i < energy.size(); i++) {
                out.add(new EmiChannels.Channel(names.get(i), energy.get(i)));
            }
            return out;
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }
}
