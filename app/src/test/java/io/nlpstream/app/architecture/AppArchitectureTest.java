package io.nlpstream.app.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Inside the app module, dependencies between packages point one way (what leaves the module: ServiceBoundaryTest). */
class AppArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.app");

    /** Each package (the module's root included) is one slice. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nlpstream.(**)").should().beFreeOfCycles().check(APP);
    }
}
