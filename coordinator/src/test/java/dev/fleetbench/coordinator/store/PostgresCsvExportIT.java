package dev.fleetbench.coordinator.store;

class PostgresCsvExportIT extends CsvExportContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }
}
