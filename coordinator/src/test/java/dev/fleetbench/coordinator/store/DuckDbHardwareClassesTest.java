package dev.fleetbench.coordinator.store;

import java.util.List;

class DuckDbHardwareClassesTest extends HardwareClassesContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }

    @Override
    JdbcStore openWith(String name, List<Migrations.Migration> migrations) {
        DuckDbStore store = new DuckDbStore(dir.resolve(name + ".duckdb"), 2, migrations);
        store.migrate();
        return store;
    }
}
