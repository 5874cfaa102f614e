package dev.fleetbench.coordinator.store;

/** {@link ContextSamplesContractTest} on DuckDB. */
class DuckDbContextSamplesTest extends ContextSamplesContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
