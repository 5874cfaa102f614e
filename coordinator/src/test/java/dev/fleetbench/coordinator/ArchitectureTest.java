package dev.fleetbench.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coordinator's dependency rules (architecture.md §2), kept by the build. */
class ArchitectureTest {

    /**
     * The module's own classes, read from where they were compiled: asking for the package instead makes ArchUnit
     * search every jar on the class path for it, which was most of this test's time.
     */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(List.of(Location.of(dev.fleetbench.coordinator.store.CoordinatorStore.class.getProtectionDomain().getCodeSource().getLocation())));

    @Test
    void neverImportsTheWorker() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.fleetbench.worker..").check(MAIN);
    }

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("dev.fleetbench.coordinator.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.hazelcast..", "java.sql..",
                        "org.duckdb..", "dev.fleetbench.coordinator.store..", "dev.fleetbench.coordinator.app..",
                        "dev.fleetbench.coordinator.http..", "dev.fleetbench.coordinator.bus..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(MAIN);
    }

    /** Output formats render the domain's results to text: no I/O framework, no store, no clock of their own. */
    @Test
    void outputFormatsArePure() {
        noClasses().that().resideInAPackage("dev.fleetbench.coordinator.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.hazelcast..", "java.sql..",
                        "dev.fleetbench.coordinator.store..", "dev.fleetbench.coordinator.app..",
                        "dev.fleetbench.coordinator.http..", "dev.fleetbench.coordinator.bus..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(MAIN);
    }

    @Test
    void storeDoesNotKnowVertxOrHttp() {
        noClasses().that().resideInAPackage("dev.fleetbench.coordinator.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "dev.fleetbench.coordinator.http..",
                        "dev.fleetbench.coordinator.app..", "dev.fleetbench.coordinator.bus..")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreSpeaksSql() {
        noClasses().that().resideOutsideOfPackage("dev.fleetbench.coordinator.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..", "org.postgresql..")
                .check(MAIN);
    }

    /**
     * The whole store is for wiring (open, migrate, close); a service or an edge sees only the concerns it uses
     * ({@code WorkerStore}, {@code CampaignStore}, …), through a narrowed {@code StoreAccess}.
     */
    @Test
    void servicesAndEdgesSeeOnlyTheStoreConcernsTheyUse() {
        String store = "dev.fleetbench.coordinator.store.";
        noClasses().that().resideInAnyPackage("dev.fleetbench.coordinator.app..", "dev.fleetbench.coordinator.http..",
                        "dev.fleetbench.coordinator.bus..", "dev.fleetbench.coordinator.schedule..")
                .should().dependOnClassesThat().haveFullyQualifiedName(store + "CoordinatorStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(store + "JdbcStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(store + "DuckDbStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(store + "PostgresStore")
                .check(MAIN);
    }

    @Test
    void edgesDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("dev.fleetbench.coordinator.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.fleetbench.coordinator.bus..").check(MAIN);
        noClasses().that().resideInAPackage("dev.fleetbench.coordinator.bus..")
                .should().dependOnClassesThat().resideInAPackage("dev.fleetbench.coordinator.http..").check(MAIN);
    }

    /**
     * Wiring (the verticles and the runtime that build and deploy everything) depends on the edges and the services;
     * the edges (REST, event bus) call the services and write the output formats (report); services use the store
     * and the pure domain. Never upwards.
     */
    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Cli").definedBy("dev.fleetbench.coordinator.cli..")
                .layer("Wiring").definedBy("dev.fleetbench.coordinator.wiring..")
                .layer("Edges").definedBy("dev.fleetbench.coordinator.http..", "dev.fleetbench.coordinator.bus..")
                .layer("Services").definedBy("dev.fleetbench.coordinator.app..")
                .layer("Report").definedBy("dev.fleetbench.coordinator.report..")
                .layer("Schedule").definedBy("dev.fleetbench.coordinator.schedule..")
                .layer("Store").definedBy("dev.fleetbench.coordinator.store..")
                .layer("Domain").definedBy("dev.fleetbench.coordinator.domain..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Edges").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Edges", "Wiring", "Cli")
                .whereLayer("Report").mayOnlyBeAccessedByLayers("Edges", "Wiring", "Cli")
                .whereLayer("Schedule").mayOnlyBeAccessedByLayers("Services", "Edges", "Wiring", "Cli")
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Services", "Edges", "Wiring", "Cli")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Report", "Store", "Services", "Edges", "Wiring", "Cli")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.fleetbench.coordinator.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
