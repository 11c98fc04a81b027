package io.nlpstream.models;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The models module is the inference library under every front end: it must not know Kafka or Micronaut. */
class ModelsArchitectureTest {

    private static final JavaClasses MODELS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.models");

    @Test
    void modelsKnowNothingOfKafkaOrMicronaut() {
        noClasses().that().resideInAPackage("io.nlpstream.models..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.micronaut..")
                .check(MODELS);
    }

    /**
     * Each package (the module's root, which holds the API: the task views, {@link Task}, {@link ModelInfo} and the
     * exceptions, included) is one slice: dependencies between them point one way.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nlpstream.(**)").should().beFreeOfCycles().check(MODELS);
    }
}
