package io.nlpstream.topology.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.support.FakeModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseEmbeddingProcessorTest {
    static final String CACHE = "cache";

    MockProcessorContext<String, CachedEmbedding> context;
    KeyValueStore<String, CachedEmbedding> cache;

    @BeforeEach
    void cacheFilledByModelVersionV1() {
        context = new MockProcessorContext<>();
        cache = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CACHE), Serdes.String(),
                new CachedEmbeddingSerde()).withLoggingDisabled().build();
        cache.init(context.getStateStoreContext(), cache);
        context.addStateStore(cache);
        cache.put("r1", CachedEmbedding.normalized("v1", FakeModels.Letters.vector("abc"), "abc"));
        cache.put("r2", CachedEmbedding.normalized("v1", FakeModels.Letters.vector("egg"), "egg"));
    }

    ResponseEmbeddingProcessor start(FakeModels.Letters embedder) {
        ResponseEmbeddingProcessor processor = new ResponseEmbeddingProcessor(CACHE, embedder, Duration.ofSeconds(1),
                Duration.ofSeconds(2), TopologyListener.NO_OP);
        processor.init(context);
        return processor;
    }

    List<String> forwardedIds() {
        return context.forwarded().stream().map(f -> (String) f.record().key()).toList();
    }

    @Test
    void aNewModelVersionReEmbedsEveryCachedResponseAtTheFirstPunctuation() {
        FakeModels.Letters v2 = new FakeModels.Letters("v2");
        start(v2);
        assertThat(context.forwarded()).isEmpty();
        MockProcessorContext.CapturedPunctuator sweep = context.scheduledPunctuators().get(0);
        assertThat(sweep.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);

        sweep.getPunctuator().punctuate(0);

        assertThat(forwardedIds()).containsExactly("r1", "r2");
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().value().modelVersion()).isEqualTo("v2"));
        assertThat(cache.get("r1").modelVersion()).isEqualTo("v2");
        assertThat(cache.get("r2").text()).isEqualTo("egg");
        assertThat(v2.calls.get()).isEqualTo(2);

        context.resetForwards();
        sweep.getPunctuator().punctuate(2_000);
        assertThat(context.forwarded()).isEmpty();
        assertThat(v2.calls.get()).isEqualTo(2);
    }

    @Test
    void theSameModelVersionReEmbedsNothing() {
        FakeModels.Letters v1 = new FakeModels.Letters("v1");
        ResponseEmbeddingProcessor processor = start(v1);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        processor.process(new Record<>("r1", "{\"text\":\"abc\"}".getBytes(StandardCharsets.UTF_8), 1));
        assertThat(context.forwarded()).isEmpty();
        assertThat(v1.calls.get()).isZero();
    }

    @Test
    void theFirstRecordAfterAnUpgradeTriggersTheSweepBeforeItIsHandled() {
        FakeModels.Letters v2 = new FakeModels.Letters("v2");
        ResponseEmbeddingProcessor processor = start(v2);
        processor.process(new Record<>("r3", "{\"text\":\"dab\"}".getBytes(StandardCharsets.UTF_8), 1));
        assertThat(forwardedIds()).containsExactly("r1", "r2", "r3");
        assertThat(cache.get("r3").modelVersion()).isEqualTo("v2");
    }

    @Test
    void aFailedReEmbeddingKeepsTheOldEntry() {
        cache.put("r3", CachedEmbedding.normalized("v1", FakeModels.Letters.vector("x"), "x " + FakeModels.FAIL));
        FakeModels.Letters v2 = new FakeModels.Letters("v2");
        start(v2);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        assertThat(forwardedIds()).containsExactly("r1", "r2");
        assertThat(cache.get("r3").modelVersion()).isEqualTo("v1");
    }
}
