package dev.fleetbench.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's dependency rules (architecture.md §2), kept by the build. */
class ArchitectureTest {

    /**
     * The module's own classes, read from where they were compiled: asking for the package instead makes ArchUnit
     * search every jar on the class path for it, which was most of this test's time.
     */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(List.of(Location.of(dev.fleetbench.worker.app.LeaseRunner.class.getProtectionDomain().getCodeSource().getLocation())));

    @Test
    void neverImportsTheCoordinator() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.fleetbench.coordinator..").check(MAIN);
    }

    @Test
    void measurementAndEnginesDoNotKnowTheBusOrTheCli() {
        noClasses().that().resideInAnyPackage("dev.fleetbench.worker.measure..", "dev.fleetbench.worker.engine..",
                        "dev.fleetbench.worker.hardware..", "dev.fleetbench.worker.gguf..", "dev.fleetbench.worker.outbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core..", "dev.fleetbench.worker.bus..",
                        "dev.fleetbench.worker.cli..", "dev.fleetbench.worker.app..")
                .check(MAIN);
    }

    @Test
    void theAgentLoopIsPure() {
        noClasses().that().resideInAPackage("dev.fleetbench.worker.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "dev.fleetbench.worker.bus..",
                        "dev.fleetbench.worker.outbox..", "dev.fleetbench.worker.app..", "java.io..", "java.nio..")
                .check(MAIN);
    }

    @Test
    void onlyEnginesTalkToTheirRuntimes() {
        noClasses().that().resideOutsideOfPackages("dev.fleetbench.worker.engine.embedded..")
                .should().dependOnClassesThat().resideInAPackage("de.kherud.llama..").check(MAIN);
    }

    /**
     * The CLI starts everything; the bus edge (the agent verticle) calls the services (lease runner, machine state,
     * engines, and the local bench and service installers beside them); services use measurement, the outbox and
     * energy meters; those drive the engines; engines read the probes (hardware, GGUF files). Never upwards.
     */
    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Cli").definedBy("dev.fleetbench.worker.cli..")
                .layer("Edges").definedBy("dev.fleetbench.worker.bus..")
                .layer("Services").definedBy("dev.fleetbench.worker.app..", "dev.fleetbench.worker.bench..",
                        "dev.fleetbench.worker.service..")
                .layer("Measurement").definedBy("dev.fleetbench.worker.measure..", "dev.fleetbench.worker.outbox..",
                        "dev.fleetbench.worker.energy..")
                .layer("Engines").definedBy("dev.fleetbench.worker.engine..", "dev.fleetbench.worker.llamacpp..")
                .layer("Probes").definedBy("dev.fleetbench.worker.hardware..", "dev.fleetbench.worker.gguf..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Edges").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Edges", "Cli")
                .whereLayer("Measurement").mayOnlyBeAccessedByLayers("Services", "Edges", "Cli")
                .whereLayer("Engines").mayOnlyBeAccessedByLayers("Measurement", "Services", "Edges", "Cli")
                .whereLayer("Probes").mayOnlyBeAccessedByLayers("Engines", "Measurement", "Services", "Edges", "Cli")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.fleetbench.worker.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
