package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

/**
 * The sentences for Micronaut's binding failures. The messages below are Micronaut 4.10's, as a bad
 * {@code kafka.close-timeout} produces them (the whole start-up path is covered by RunCommandTest).
 */
class BindingErrorsTest {
    private static final String DURATION_FAILURE = """
            Failed to inject value for parameter [closeTimeout] of method [setCloseTimeout] of class: \
            io.nlpstream.app.config.KafkaProperties

            Message: Error resolving property value [kafka.close-timeout]. Unable to convert value [5 parsecs] to \
            target type [Duration] due to: Unparseable date format (5 parsecs). Should either be a ISO-8601 duration \
            or a round number followed by the unit type
            Path Taken:
            new @i.m.c.a.Context i.n.a.m.StreamsGauges(ServiceMetrics metrics, StreamsRunner streams)""";

    @Test
    void aValueThatDoesNotConvertNamesTheKeyTheValueAndWhatWasExpected() {
        BeanInstantiationException wrapped = new BeanInstantiationException("Bean definition could not be loaded",
                new RuntimeException(DURATION_FAILURE));

        assertThat(BindingErrors.describe(wrapped)).contains("kafka.close-timeout is '5 parsecs', which is not a "
                + "duration (such as 500ms, 30s, 5m or PT30S).");
    }

    @Test
    void otherFailuresAreNotBindingErrors() {
        assertThat(BindingErrors.describe(new BeanInstantiationException("Error instantiating bean",
                new IllegalArgumentException("something else entirely")))).isEmpty();
        assertThat(BindingErrors.describe(new IllegalStateException((String) null))).isEmpty();
    }
}
