package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The other JVM of {@link DurabilityIT}: ingests numbered batches into a store file and prints {@code ACK <n>}
 * after each {@code ingest} returned. Never closes the store: it ends by {@code Runtime.halt} (no shutdown hooks,
 * no close) or is killed by the test.
 *
 * <p>Arguments: file, batches (then halt), batch size.
 */
public final class IngestChild {

    private IngestChild() {
    }

    /** Sample ids of batch n, so both JVMs know them. */
    static String id(int batch, int i) {
        return "k-" + batch + "-" + i;
    }

    static List<Sample> batch(List<Cell> cells, int batch, int size) {
        List<Sample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Cell cell = cells.get((batch * size + i) % cells.size());
            out.add(StoreData.rich(id(batch, i), cell, 1_700_000_000_000L + batch * 1_000L + i));
        }
        return out;
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int batches = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        List<Cell> cells = StoreData.runnable(StoreData.matrix("c1"));
        DuckDbStore store = DuckDbStore.open(file);
        System.out.println("READY");
        System.out.flush();
        for (int b = 0; b < batches; b++) {
            store.ingest(batch(cells, b, size));
            System.out.println("ACK " + b);
            System.out.flush();
        }
        Runtime.getRuntime().halt(0);
    }
}
