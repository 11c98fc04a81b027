package io.nlpstream.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    static final JavaClasses TOPOLOGY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.topology");

    @Test
    void topologyIsPlainKafkaStreamsWithoutMicronaut() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.micronaut..").check(TOPOLOGY);
    }

    @Test
    void topologyDoesNotDependOnTheApplication() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.nlpstream.app..").check(TOPOLOGY);
    }

    @Test
    void modelInternalsStayBehindTheModelApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..")
                .check(TOPOLOGY);
    }

    /**
     * Each package is one slice and dependencies between them point one way: the root's settings and hooks at the
     * bottom, then dead letters, enrichment, ranking, and {@code assembly}, which wires them into one topology.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nlpstream.(**)").should().beFreeOfCycles().check(TOPOLOGY);
    }
}
