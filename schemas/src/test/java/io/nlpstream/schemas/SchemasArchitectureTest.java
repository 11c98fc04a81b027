package io.nlpstream.schemas;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class SchemasArchitectureTest {
    private static final JavaClasses SCHEMAS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.schemas");

    /** Each package (the module's root included) is one slice: dependencies between them point one way. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nlpstream.(**)").should().beFreeOfCycles().check(SCHEMAS);
    }
}
