package dev.fleetbench.coordinator.store;

class PostgresAggregatesIT extends AggregatesContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }
}
