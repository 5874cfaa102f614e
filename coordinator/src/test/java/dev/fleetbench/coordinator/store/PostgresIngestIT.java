package dev.fleetbench.coordinator.store;

class PostgresIngestIT extends IngestContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }
}
