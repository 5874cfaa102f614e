package dev.fleetbench.coordinator.store;

class DuckDbCsvExportTest extends CsvExportContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
