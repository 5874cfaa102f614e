package dev.fleetbench.coordinator.store;

import dev.fleetbench.coordinator.testing.PostgresServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class PostgresHardwareClassesIT extends HardwareClassesContractTest {

    private final Map<String, PostgresUrl> schemas = new HashMap<>();
    private final PostgresStores stores = name -> PostgresStore.open(url(name));

    @Override
    Stores stores() {
        return stores;
    }

    @Override
    JdbcStore openWith(String name, List<Migrations.Migration> migrations) {
        PostgresStore store = PostgresStore.connect(url(name), 2, migrations);
        if (!store.tryLockWriter()) {
            store.close();
            throw new IllegalStateException("the writer lock of a fresh schema is taken");
        }
        store.migrate();
        return store;
    }

    private PostgresUrl url(String name) {
        return schemas.computeIfAbsent(name, PostgresServer.shared()::freshSchema);
    }
}
