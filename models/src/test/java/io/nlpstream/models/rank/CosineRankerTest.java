package io.nlpstream.models.rank;

import io.nlpstream.models.result.RankedHit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
    void cosineIgnoresLengthAndHandlesZeroVectors() {
        assertThat(CosineRanker.cosine(new float[] {1f, 0f}, new float[] {5f, 0f})).isCloseTo(1.0, within(1e-12));
        assertThat(CosineRanker.cosine(new float[] {1f, 0f}, new float[] {0f, 2f})).isCloseTo(0.0, within(1e-12));
        assertThat(CosineRanker.cosine(new float[] {1f, 1f}, new float[] {-1f, -1f})).isCloseTo(-1.0, within(1e-12));
        assertThat(CosineRanker.cosine(new float[] {0f, 0f}, new float[] {1f, 1f})).isZero();
    }

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
        base.forEach((id, v) -> all.add(new RankedHit(id, CosineRanker.cosine(query, v))));
        all.sort((a, b) -> Double.compare(b.score(), a.score()));

        assertThat(CosineRanker.topK(query, base.entrySet(), 10)).isEqualTo(all.subList(0, 10));
    }
}
