package io.nlpstream.models.rank;

import io.nlpstream.models.result.RankedHit;
import io.nlpstream.models.vector.Vectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CosineRankerTest {

    @Test
    void topKReturnsTheKBestBestFirst() {
        Map<String, float[]> base = new LinkedHashMap<>();
        base.put("east", new float[] {1f, 0f});
        base.put("north", new float[] {0f, 1f});
        base.put("north-east", new float[] {1f, 1f});
        base.put("west", new float[] {-1f, 0f});

        List<RankedHit> hits = CosineRanker.topK(new float[] {1f, 0.1f}, base.entrySet(), 2);

        assertThat(hits).extracting(RankedHit::id).containsExactly("east", "north-east");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void tiesRankByIdWhateverTheOrderOfTheBase() {
        List<Map.Entry<String, float[]>> base = new ArrayList<>();
        for (String id : List.of("d", "b", "a", "c")) {
            base.add(Map.entry(id, new float[] {1f, 1f}));
        }
        base.add(Map.entry("z", new float[] {1f, 0f}));

        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(base, new Random(seed));
            assertThat(CosineRanker.topK(new float[] {1f, 1f}, base, 3)).extracting(RankedHit::id)
                    .containsExactly("a", "b", "c");
        }
    }

    @Test
    void aSmallBaseOrZeroKGiveWhatThereIs() {
        List<Map.Entry<String, float[]>> base = List.of(Map.entry("only", new float[] {1f}));

        assertThat(CosineRanker.topK(new float[] {1f}, base, 10)).extracting(RankedHit::id).containsExactly("only");
        assertThat(CosineRanker.topK(new float[] {1f}, base, 0)).isEmpty();
        assertThatThrownBy(() -> CosineRanker.topK(new float[] {1f}, base, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topKAgreesWithAFullSort() {
        Random random = new Random(42);
        Map<String, float[]> base = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            base.put("r" + i, new float[] {random.nextFloat() - 0.5f, random.nextFloat() - 0.5f,
                    random.nextFloat() - 0.5f});
        }
        float[] query = {0.3f, -0.2f, 0.9f};
        List<RankedHit> all = new ArrayList<>();
        base.forEach((id, v) -> all.add(new RankedHit(id, Vectors.cosine(query, v))));
        all.sort((a, b) -> Double.compare(b.score(), a.score()));

        assertThat(CosineRanker.topK(query, base.entrySet(), 10)).isEqualTo(all.subList(0, 10));
    }

    /** A base entry with a payload the caller needs back (a response's text, say). */
    record Doc(String id, float[] vector, String text) {
    }

    @Test
    void manyQueriesAreRankedInOnePassEachAgreeingWithAFullSort() {
        Random random = new Random(7);
        List<Doc> base = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            base.add(new Doc(String.format("r%03d", i), randomVector(random, 16), "t" + i));
        }
        float[][] queries = new float[20][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = randomVector(random, 16);
        }
        queries[0] = base.get(5).vector().clone();
        CountingIterator<Doc> once = new CountingIterator<>(base.iterator());

        List<List<CosineRanker.Scored<Doc>>> ranked = CosineRanker.topK(queries, once, Doc::id, Doc::vector, 10);

        assertThat(once.count).isEqualTo(base.size());
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            List<String> expected = base.stream()
                    .sorted(Comparator.<Doc>comparingDouble(d -> -Vectors.cosine(query, d.vector()))
                            .thenComparing(Doc::id))
                    .limit(10).map(Doc::id).toList();
            assertThat(ranked.get(q)).extracting(CosineRanker.Scored::id).containsExactlyElementsOf(expected);
            for (CosineRanker.Scored<Doc> hit : ranked.get(q)) {
                assertThat(hit.score()).isEqualTo(Vectors.cosine(query, hit.entry().vector()));
                assertThat(hit.entry().text()).isEqualTo("t" + Integer.parseInt(hit.id().substring(1)));
            }
        }
        assertThat(ranked.get(0).get(0).id()).isEqualTo("r005");
        assertThat(ranked.get(0).get(0).score()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void entriesWithoutAVectorOrOfAnotherDimensionAreSkipped() {
        List<Doc> base = List.of(new Doc("short", new float[] {1f, 0f}, ""), new Doc("none", null, ""),
                new Doc("long", new float[] {1f, 0f, 0f}, ""));

        List<List<CosineRanker.Scored<Doc>>> ranked = CosineRanker.topK(
                new float[][] {{1f, 0f}, {0f, 0f, 1f}}, base.iterator(), Doc::id, Doc::vector, 5);

        assertThat(ranked.get(0)).extracting(CosineRanker.Scored::id).containsExactly("short");
        assertThat(ranked.get(1)).extracting(CosineRanker.Scored::id).containsExactly("long");
        assertThat(ranked.get(1).get(0).score()).isZero();
    }

    @Test
    void zeroVectorsScoreZero() {
        List<Doc> base = List.of(new Doc("z", new float[] {0f, 0f}, ""));

        assertThat(CosineRanker.topK(new float[][] {{1f, 1f}}, base.iterator(), Doc::id, Doc::vector, 1)
                .get(0).get(0).score()).isZero();
    }

    private static float[] randomVector(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static final class CountingIterator<T> implements java.util.Iterator<T> {
        private final java.util.Iterator<T> inner;
        private int count;

        CountingIterator(java.util.Iterator<T> inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public T next() {
            count++;
            return inner.next();
        }
    }
}
