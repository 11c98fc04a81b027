package io.nlpstream.topology.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.models.vector.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Ranking the response base: what {@link ResponseBaseView} adds to the models module's cosine ranker. */
class ResponseBaseRankingTest {

    @Test
    void matchesSortingEveryScoreForManyRandomQueries() {
        Random random = new Random(7);
        List<KeyValue<String, CachedEmbedding>> base = new ArrayList<>();
        List<float[]> raw = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] v = randomVector(random, 16);
            raw.add(v);
            base.add(KeyValue.pair(String.format("r%03d", i), CachedEmbedding.normalized("v", v, "t" + i)));
        }
        base.add(KeyValue.pair("other-version", CachedEmbedding.normalized("old", raw.get(0), "old")));
        base.add(KeyValue.pair("other-dimension", CachedEmbedding.normalized("v", new float[] {1, 2}, "short")));
        float[][] queries = new float[20][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = randomVector(random, 16);
        }
        queries[0] = raw.get(5).clone();

        List<List<ResponseHit>> ranked = ResponseBaseView.rank(queries, base.iterator(), 10, "v");

        for (int q = 0; q < queries.length; q++) {
            List<ResponseHit> expected = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                expected.add(new ResponseHit(String.format("r%03d", i), "t" + i, Vectors.cosine(queries[q], raw.get(i))));
            }
            expected.sort(Comparator.comparingDouble(ResponseHit::score).reversed()
                    .thenComparing(ResponseHit::responseId));
            List<ResponseHit> actual = ranked.get(q);
            assertThat(actual).extracting(ResponseHit::responseId)
                    .containsExactlyElementsOf(expected.subList(0, 10).stream().map(ResponseHit::responseId).toList());
            for (int h = 0; h < 10; h++) {
                assertThat(actual.get(h).score()).isCloseTo(expected.get(h).score(),
                        org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        assertThat(ranked.get(0).get(0).responseId()).isEqualTo("r005");
        assertThat(ranked.get(0).get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void tiesBreakByIdAndKLargerThanTheBaseReturnsEverything() {
        List<KeyValue<String, CachedEmbedding>> base = List.of(
                KeyValue.pair("b", CachedEmbedding.normalized("v", new float[] {1, 0}, "b")),
                KeyValue.pair("a", CachedEmbedding.normalized("v", new float[] {2, 0}, "a")),
                KeyValue.pair("c", CachedEmbedding.normalized("v", new float[] {0, 1}, "c")));
        List<ResponseHit> hits = ResponseBaseView.rank(new float[][] {{1, 0}}, base.iterator(), 5, "v").get(0);
        assertThat(hits).extracting(ResponseHit::responseId).containsExactly("a", "b", "c");
        assertThat(ResponseBaseView.rank(new float[][] {{1, 0}}, base.iterator(), 1, "v").get(0))
                .extracting(ResponseHit::responseId).containsExactly("a");
    }

    @Test
    void zeroVectorsScoreZero() {
        List<KeyValue<String, CachedEmbedding>> base = List.of(
                KeyValue.pair("z", CachedEmbedding.normalized("v", new float[] {0, 0}, "z")));
        assertThat(ResponseBaseView.rank(new float[][] {{1, 1}}, base.iterator(), 1, "v").get(0).get(0).score()).isZero();
    }

    static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
