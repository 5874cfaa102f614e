package dev.fleetbench.coordinator.domain.matrix;

import java.util.List;

/**
 * An expanded campaign: every cell (runnable or not), the lease units of the runnable ones, and notes for people
 * ("no machine matches the selector").
 */
public record Matrix(List<Cell> cells, List<LeaseUnit> units, List<String> notes) {

    public Matrix {
        cells = List.copyOf(cells);
        units = List.copyOf(units);
        notes = List.copyOf(notes);
    }
}
