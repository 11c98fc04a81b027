package io.nlpstream.models.head;

import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.Pooling;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.vector.Vectors;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EmbeddingHeadTest {
    // [CLS] hello world [SEP]: four tokens
    private static final String TEXT = "hello world";
    private static final float[][] TOKENS = {{1f, 0f}, {3f, 4f}, {5f, 8f}, {3f, 0f}};

    private static float[] embed(EmbeddingOptions options, SequenceOutputs outputs) {
        EmbeddingHead head = new EmbeddingHead(FixtureTokenizers.bert(), options);
        List<Encoding> encodings = head.encode(TEXT);
        assertThat(encodings.get(0).length()).isEqualTo(4);
        return head.decode(TEXT, encodings, List.of(outputs));
    }

    @Test
    void meanPoolingAveragesEveryAttendedToken() {
        float[] v = embed(new EmbeddingOptions(Pooling.MEAN, false, 256),
                FakeOutputs.matrix("last_hidden_state", TOKENS));

        assertThat(v).containsExactly(3f, 3f);
    }

    @Test
    void clsPoolingTakesTheFirstToken() {
        float[] v = embed(new EmbeddingOptions(Pooling.CLS, false, 256),
                FakeOutputs.matrix("last_hidden_state", TOKENS));

        assertThat(v).containsExactly(1f, 0f);
    }

    @Test
    void normalisationGivesUnitLength() {
        float[] v = embed(EmbeddingOptions.DEFAULTS, FakeOutputs.matrix("last_hidden_state", TOKENS));

        assertThat(v[0]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
        assertThat(Vectors.dot(v, v)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void tokenEmbeddingsAreFoundByNameBeforeTheFirstOutput() {
        Map<String, OutputTensor> outputs = new LinkedHashMap<>();
        outputs.put("pooler_output", new OutputTensor(new float[] {9f, 9f}, new int[] {2}));
        outputs.put("token_embeddings", FakeOutputs.tensor(TOKENS));

        float[] v = embed(new EmbeddingOptions(Pooling.MEAN, false, 256), new SequenceOutputs(outputs));

        assertThat(v).containsExactly(3f, 3f);
    }

    @Test
    void anAlreadyPooledOutputIsOnlyNormalised() {
        float[] v = embed(EmbeddingOptions.DEFAULTS, FakeOutputs.vector("sentence_embedding", 3f, 4f));

        assertThat(v).containsExactly(0.6f, 0.8f);
    }

    @Test
    void textsAreTruncatedToMaxLength() {
        EmbeddingHead head = new EmbeddingHead(FixtureTokenizers.bert(), new EmbeddingOptions(Pooling.MEAN, true, 5));

        assertThat(head.encode("one two three four five six seven").get(0).length()).isEqualTo(5);
    }
}
