package io.nlpstream.app.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputLinesTest {
    private final InputLines lines = new InputLines(new ObjectMapper());

    @Test
    void readsTheNamedStringField() throws Exception {
        JsonNode line = lines.parseObject("{\"text\": \"héllo 🙂\", \"id\": 3}");
        assertThat(InputLines.requireString(line, "text")).isEqualTo("héllo 🙂");
    }

    @Test
    void anEmptyStringIsAValidText() throws Exception {
        assertThat(InputLines.requireString(lines.parseObject("{\"text\": \"\"}"), "text")).isEmpty();
    }

    @Test
    void rejectsBlankLinesMalformedJsonAndNonObjects() {
        assertThatThrownBy(() -> lines.parseObject("   ")).hasMessage("empty line");
        assertThatThrownBy(() -> lines.parseObject("{\"text\": ")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> lines.parseObject("[1, 2]")).hasMessage("expected a JSON object, got array");
        assertThatThrownBy(() -> lines.parseObject("\"just text\"")).hasMessage("expected a JSON object, got string");
    }

    @Test
    void rejectsMissingAndMistypedFields() throws Exception {
        JsonNode line = lines.parseObject("{\"text\": 42, \"question\": null}");
        assertThatThrownBy(() -> InputLines.requireString(line, "text"))
                .isInstanceOf(InvalidLineException.class).hasMessage("field 'text' must be a string, got number");
        assertThatThrownBy(() -> InputLines.requireString(line, "question"))
                .hasMessage("field 'question' must be a string, got null");
        assertThatThrownBy(() -> InputLines.requireString(line, "context")).hasMessage("missing field 'context'");
    }
}
