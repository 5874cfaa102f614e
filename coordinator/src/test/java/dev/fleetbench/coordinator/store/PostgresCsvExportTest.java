package dev.fleetbench.coordinator.store;

class PostgresCsvExportTest extends CsvExportContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }
}
