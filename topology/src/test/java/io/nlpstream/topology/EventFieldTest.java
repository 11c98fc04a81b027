package io.nlpstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.schemas.avro.TextEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFieldTest {
    private static final TextEvent EVENT = TextEvent.newBuilder().setId("e").setText("premise").setQuestion("q")
            .setMetadata(Map.of("hypothesis", "h")).build();

    @Test
    void namesTheTextTheQuestionOrAMetadataEntry() {
        assertThat(EventField.parse("text").valueIn(EVENT)).isEqualTo("premise");
        assertThat(EventField.parse("question").valueIn(EVENT)).isEqualTo("q");
        assertThat(EventField.parse("metadata.hypothesis").valueIn(EVENT)).isEqualTo("h");
        assertThat(EventField.parse("metadata.absent").valueIn(EVENT)).isNull();
        assertThat(EventField.parse("metadata.hypothesis")).hasToString("metadata.hypothesis");
    }

    @Test
    void anythingElseIsASettingsError() {
        for (String bad : new String[] {"language", "metadata.", "", "Text"}) {
            assertThatThrownBy(() -> EventField.parse(bad)).isInstanceOf(InvalidTopologySettingsException.class)
                    .hasMessageContaining("text, question or metadata.KEY");
        }
    }
}
