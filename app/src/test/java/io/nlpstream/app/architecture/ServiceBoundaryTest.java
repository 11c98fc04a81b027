package io.nlpstream.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The service (this module and everything below it) is what the service jar holds: it never reaches up into the
 * tools module, nor into what only the tools need (a Kafka broker, Scala, DJL's engine, LangChain4j).
 */
class ServiceBoundaryTest {
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nlpstream.app", "io.nlpstream.topology", "io.nlpstream.models", "io.nlpstream.schemas");

    @Test
    void theServiceNeverImportsTheTools() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.nlpstream.tools..").check(SERVICE);
    }

    @Test
    void theServiceNeedsNoBrokerScalaDjlEngineOrLangChain4j() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("kafka..", "scala..",
                "org.apache.kafka.raft..", "org.apache.kafka.metadata..", "org.apache.kafka.storage..",
                "ai.djl.onnxruntime..", "ai.djl.engine..", "ai.djl.inference..", "ai.djl.repository..",
                "dev.langchain4j..").check(SERVICE);
    }
}
