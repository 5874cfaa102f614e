package dev.fleetbench.coordinator.store;

class DuckDbAggregatesTest extends AggregatesContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
