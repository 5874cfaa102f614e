package dev.fleetbench.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dependency rules of architecture.md §2 and §4, kept by the build rather than by memory. */
class ArchitectureTest {

    /**
     * The module's own classes, read from where they were compiled: asking for the package instead makes ArchUnit
     * search every jar on the class path for it, which was most of this test's time.
     */
    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(List.of(Location.of(dev.fleetbench.common.model.Sample.class.getProtectionDomain().getCodeSource().getLocation())));

    private static final String[] PURE = {
        "dev.fleetbench.common.model..", "dev.fleetbench.common.metrics..", "dev.fleetbench.common.stats..",
        "dev.fleetbench.common.hardware..", "dev.fleetbench.common.recommend..", "dev.fleetbench.common.quality..",
        "dev.fleetbench.common.suites.."
    };

    @Test
    void onlyTheBusPackageUsesVertxAndHazelcast() {
        noClasses().that().resideOutsideOfPackage("dev.fleetbench.common.bus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.hazelcast..")
                .check(COMMON);
    }

    @Test
    void pureDomainReadsNoClockAndNoEnvironment() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(COMMON);
    }

    @Test
    void pureDomainDoesNoIo() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
                .check(COMMON);
    }

    @Test
    void domainDoesNotDependOnEdges() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetbench.common.json..",
                        "dev.fleetbench.common.bus..")
                .check(COMMON);
    }

    /**
     * Edges (the bus bridge, the CLI helpers, export formats) over the wire protocol, over analysis (statistics,
     * recommendations, hardware classes, task suites), over the domain records, over leaf helpers (answer checks,
     * metric derivation, JSON, text, logging). Never upwards.
     */
    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Edges").definedBy("dev.fleetbench.common.bus..", "dev.fleetbench.common.cli..",
                        "dev.fleetbench.common.export..")
                .layer("Protocol").definedBy("dev.fleetbench.common.protocol..")
                .layer("Analysis").definedBy("dev.fleetbench.common.stats..", "dev.fleetbench.common.recommend..",
                        "dev.fleetbench.common.hardware..", "dev.fleetbench.common.suites..")
                .layer("Model").definedBy("dev.fleetbench.common.model..")
                .layer("Leaves").definedBy("dev.fleetbench.common.quality..", "dev.fleetbench.common.metrics..",
                        "dev.fleetbench.common.json..", "dev.fleetbench.common.text..", "dev.fleetbench.common.log..")
                .whereLayer("Edges").mayNotBeAccessedByAnyLayer()
                .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Edges")
                .whereLayer("Analysis").mayOnlyBeAccessedByLayers("Edges", "Protocol")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Edges", "Protocol", "Analysis")
                .whereLayer("Leaves").mayOnlyBeAccessedByLayers("Edges", "Protocol", "Analysis", "Model")
                .check(COMMON);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.fleetbench.common.(*)..").should().beFreeOfCycles().check(COMMON);
    }
}
