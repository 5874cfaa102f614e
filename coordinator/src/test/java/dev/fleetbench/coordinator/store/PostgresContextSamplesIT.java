package dev.fleetbench.coordinator.store;

/** {@link ContextSamplesContractTest} on PostgreSQL. */
class PostgresContextSamplesIT extends ContextSamplesContractTest {

    private final Stores stores = Stores.postgres();

    @Override
    Stores stores() {
        return stores;
    }
}
