package io.nlpstream.schemas.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.schemas.avro.TextEvent;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SubjectNameStrategiesTest {
    private static final Schema SCHEMA = TextEvent.getClassSchema();

    private static String subject(Object configured, boolean isKey) {
        return SubjectNameStrategies.resolve("value.subject.name.strategy", configured).subjectName("events", isKey, SCHEMA);
    }

    @Test
    void topicNameIsTheDefault() {
        assertThat(subject(null, false)).isEqualTo("events-value");
        assertThat(subject("", true)).isEqualTo("events-key");
    }

    @Test
    void confluentClassNamesShortNamesAndOurClassesAllResolve() {
        for (String name : new String[] {"io.confluent.kafka.serializers.subject.TopicNameStrategy", "TopicNameStrategy",
                TopicNameStrategy.class.getName()}) {
            assertThat(subject(name, false)).isEqualTo("events-value");
        }
        for (String name : new String[] {"io.confluent.kafka.serializers.subject.RecordNameStrategy", "RecordNameStrategy"}) {
            assertThat(subject(name, false)).isEqualTo("io.nlpstream.schemas.avro.TextEvent");
        }
        for (String name : new String[] {"io.confluent.kafka.serializers.subject.TopicRecordNameStrategy", "TopicRecordNameStrategy"}) {
            assertThat(subject(name, true)).isEqualTo("events-io.nlpstream.schemas.avro.TextEvent");
        }
        assertThat(subject(RecordNameStrategy.class, false)).isEqualTo("io.nlpstream.schemas.avro.TextEvent");
        assertThat(subject((SubjectNameStrategy) (topic, isKey, schema) -> "fixed", false)).isEqualTo("fixed");
    }

    @Test
    void unknownOrWrongClassesAreConfigErrors() {
        assertThatThrownBy(() -> subject("NoSuchStrategy", false)).isInstanceOf(ConfigException.class).hasMessageContaining("NoSuchStrategy");
        assertThatThrownBy(() -> subject("java.lang.String", false)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new RecordNameStrategy().subjectName("t", false, Schema.create(Schema.Type.STRING)))
                .isInstanceOf(ConfigException.class);
    }
}
