package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class RatiosTest {

    @Test
    void eachRatioComparesTheNaturalPair() {
        Ratios ratios = SampleResults.sample().ratios();
        // our end-to-end Kafka path (200/s) over the per-record Kafka path (100/s)
        assertThat(ratios.batchedVsPerRecord()).isCloseTo(2.0, within(1e-9));
        // our end-to-end path over the embedding model's best raw ceiling (400/s at b16)
        assertThat(ratios.e2eVsRawCeiling()).isCloseTo(0.5, within(1e-9));
        // the batcher alone, embedding (375/s), over LangChain4j (250/s)
        assertThat(ratios.vsLangchain4jEmbedding()).isCloseTo(1.5, within(1e-9));
        // the batcher alone, classification (1300/s), over DJL (1000/s)
        assertThat(ratios.vsDjlClassification()).isCloseTo(1.3, within(1e-9));
        // the embedding ceiling's best (400/s) over its batch 1 (150/s)
        assertThat(ratios.batchingHeadroom()).isCloseTo(400 / 150.0, within(1e-9));
        // end to end with the result cache on over off: 380/s over 200/s at 50 % repeats, 900/s over 200/s at 90 %
        assertThat(ratios.cacheAt50pctRepeats()).isCloseTo(1.9, within(1e-9));
        assertThat(ratios.cacheAt90pctRepeats()).isCloseTo(4.5, within(1e-9));
    }

    @Test
    void aCacheRunApproachesOneOverOneMinusTheRepeatShare() {
        assertThat(new BenchResults.CacheRun(0.9, SampleResults.perSecond(900), SampleResults.perSecond(100)).ideal())
                .isCloseTo(10, within(1e-9));
        assertThat(new BenchResults.CacheRun(0, SampleResults.perSecond(1), SampleResults.perSecond(1)).ideal())
                .isEqualTo(1);
    }

    @Test
    void aTargetIsMetAtOrAboveIt() {
        List<Ratios.Check> checks = SampleResults.sample().ratios().checks();
        assertThat(checks).extracting(Ratios.Check::name).containsExactly("batched_vs_per_record",
                "e2e_vs_raw_ceiling", "vs_langchain4j_embedding", "vs_djl_classification", "cache_at_50pct_repeats",
                "cache_at_90pct_repeats");
        assertThat(checks).extracting(Ratios.Check::target).containsExactly(3.0, 0.8, 1.5, 1.3, 1.8, 5.0);
        assertThat(checks).extracting(Ratios.Check::met).containsExactly(false, false, true, true, true, false);
    }

    @Test
    void aRatioWithAnUnmeasuredSideIsNotMeasuredRatherThanZero() {
        BenchResults sample = SampleResults.sample();
        BenchResults noPeer = new BenchResults(sample.environment(), sample.corpus(), sample.embeddingModel(),
                sample.classifierModel(), sample.ceilings(), sample.batcherEmbedding(), sample.batcherClassifier(),
                sample.endToEnd(), sample.perRecord(), Rate.shortOf(3, 1_000_000_000L, 64), sample.djl(),
                List.of());
        Ratios.Check langchain4j = noPeer.ratios().checks().get(2);
        assertThat(langchain4j.value()).isNaN();
        assertThat(langchain4j.measured()).isFalse();
        assertThat(langchain4j.met()).isFalse();
        assertThat(noPeer.ratios().cacheAt90pctRepeats()).as("no cache run").isNaN();
    }
}
