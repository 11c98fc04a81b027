package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.models.cache.CacheSettings;
import io.nlpstream.models.cache.ResultCache;
import io.nlpstream.models.cache.ResultKey;
import io.nlpstream.models.cache.TextNormalization;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code models.definitions.<name>.cache-*} as the model's result cache receives them, and its meters. */
class CacheSettingsReaderTest {

    @Test
    void unsetKeysAreTheCacheDefaults() {
        assertThat(CacheSettingsReader.read(new ModelProperties("sentiment"))).isEqualTo(CacheSettings.DEFAULTS);
    }

    @Test
    void everyKeyReachesTheSettings() {
        ModelProperties model = new ModelProperties("sentiment");
        model.setCacheEnabled("false");
        model.setCacheMaxEntries(500);
        model.setCacheMaxBytes(1_000_000L);
        model.setCacheKeys("case-folded");

        assertThat(CacheSettingsReader.read(model))
                .isEqualTo(new CacheSettings(false, 500, 1_000_000L, TextNormalization.CASE_FOLDED));
    }

    @Test
    void badValuesNameTheirKey() {
        ModelProperties model = new ModelProperties("sentiment");
        model.setCacheKeys("fuzzy");
        assertThatThrownBy(() -> CacheSettingsReader.read(model)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.sentiment.cache-keys is 'fuzzy' but must be one of exact, case-folded.");
        model.setCacheKeys(null);
        model.setCacheMaxEntries(0);
        assertThatThrownBy(() -> CacheSettingsReader.read(model)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.sentiment.cache-max-entries is 0 but must be at least 1.");
        model.setCacheMaxEntries(null);
        model.setCacheMaxBytes(0L);
        assertThatThrownBy(() -> CacheSettingsReader.read(model)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.sentiment.cache-max-bytes is 0 but must be at least 1.");
        assertThatThrownBy(() -> model.setCacheEnabled("yes")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.sentiment.cache-enabled is 'yes' but must be true or false.");
    }

    @Test
    void theCacheMetersReadItsCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ResultCache cache = new ResultCache(new CacheSettings(true, 1, 1 << 20, TextNormalization.EXACT));
        new ServiceMetrics(registry).resultCache("sentiment", cache);

        for (String text : List.of("a", "a", "b")) {
            cache.get(new ResultKey("m", "v1", "options", text, null),
                    () -> CompletableFuture.completedFuture(List.of())).join();
        }
        cache.cleanUp();

        assertThat(registry.get("nlpstream.cache.hits").tag("model", "sentiment").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("nlpstream.cache.misses").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("nlpstream.cache.evictions").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("nlpstream.cache.entries").gauge().value()).isEqualTo(1);
        assertThat(registry.get("nlpstream.cache.bytes").gauge().value()).isPositive();
    }
}
