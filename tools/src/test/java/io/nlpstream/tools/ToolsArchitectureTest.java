package io.nlpstream.tools;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tools module sits on top of the service; inside it, dependencies between packages point one way too. */
class ToolsArchitectureTest {
    private static final JavaClasses TOOLS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.tools");

    /** Each package (the module's root included) is one slice. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.nlpstream.(**)").should().beFreeOfCycles().check(TOOLS);
    }
}
