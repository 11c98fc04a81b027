package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchTableTest {

    private final String table = BenchTable.render(SampleResults.sample());

    @Test
    void theHeaderSaysWhereTheFiguresComeFrom() {
        assertThat(table).startsWith("nlp-stream bench (quick plan): 2 cores, OpenJDK 17, max heap 2.0 GB, "
                + "load average 1.50 -> 2.50\n");
        assertThat(table).contains("on shared cores they move with whatever else runs")
                .contains("corpus: 2000 texts, all-MiniLM-L6-v2-q tokens: mean 41, p50 22, p90 100, max 256");
    }

    @Test
    void theCeilingHasOneColumnPerBatchSizeAndTheBest() {
        assertThat(table).containsPattern("model\\s+b1\\s+b4\\s+b16\\s+b64\\s+best")
                .containsPattern("all-MiniLM-L6-v2-q\\s+150\\s+300\\s+400\\s+350\\s+400 at b16")
                .containsPattern("demo-sentiment\\s+2000\\s+4000\\s+6000\\s+5000\\s+6000 at b16");
    }

    @Test
    void everyPathIsARowWithItsRate() {
        assertThat(table).containsPattern("batcher alone, all-MiniLM-L6-v2-q\\s+375")
                .containsPattern("end to end, Kafka, draining bursts\\s+200\\s+2 partitions, 1 stream thread")
                .containsPattern("end to end at 50% \\(100/s offered\\)\\s+99\\s+latency p50 80 ms, p95 130 ms,"
                        + " p99 130 ms")
                .contains("meanwhile: micro-batches of 30.0, model calls of 12.5, model-call time 45% of wall time")
                .containsPattern("per-record mapValues, Kafka\\s+100")
                .containsPattern("LangChain4j embedAll, all-MiniLM-L6-v2-q\\s+250")
                .containsPattern("DJL batchPredict, demo-sentiment\\s+1000")
                .containsPattern("end to end, 90% repeated, cache on\\s+900\\s+cache off 200/s: 4.50 x \\(ideal 10.00 x\\)")
                .containsPattern("end to end, 0% repeated, cache on\\s+190\\s+cache off 200/s: 0.95 x \\(ideal 1.00 x\\)")
                .contains("heap peak while the Kafka paths ran: 300 MB of 2.0 GB");
    }

    @Test
    void aFigureThatWasNotMeasuredSaysSoInsteadOfAZeroAndSoDoItsRatio() {
        String partial = BenchTable.render(SampleResults.withUnmeasuredLangChain4j());
        assertThat(partial).containsPattern("LangChain4j embedAll, all-MiniLM-L6-v2-q\\s+n/a\\s+n/a: fewer than 64"
                + " completed; its defaults")
                .containsPattern("vs_langchain4j_embedding\\s+n/a\\s+>= 1.50\\s+not measured");
        assertThat(partial).doesNotContainPattern("\\s0\\s").doesNotContain("NaN");
    }

    @Test
    void ratiosShowTargetAndVerdict() {
        assertThat(table).containsPattern("batched_vs_per_record\\s+2.00\\s+>= 3.00\\s+missed")
                .containsPattern("e2e_vs_raw_ceiling\\s+0.50\\s+>= 0.80\\s+missed")
                .containsPattern("vs_langchain4j_embedding\\s+1.50\\s+>= 1.50\\s+met")
                .containsPattern("vs_djl_classification\\s+1.30\\s+>= 1.30\\s+met")
                .containsPattern("cache_at_50pct_repeats\\s+1.90\\s+>= 1.80\\s+met")
                .containsPattern("cache_at_90pct_repeats\\s+4.50\\s+>= 5.00\\s+missed")
                .contains("batching headroom 2.67: the ceiling's best over its batch 1");
    }
}
