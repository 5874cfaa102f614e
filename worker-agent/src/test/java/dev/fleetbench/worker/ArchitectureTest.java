package dev.fleetbench.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The worker's dependency rules (architecture.md §2), kept by the build. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fleetbench.worker");

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

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.fleetbench.worker.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
