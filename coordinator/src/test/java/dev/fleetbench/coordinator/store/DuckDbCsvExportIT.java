package dev.fleetbench.coordinator.store;

class DuckDbCsvExportIT extends CsvExportContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
