package io.nlpstream.app.service;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.models.cache.CacheSettings;
import io.nlpstream.models.cache.TextNormalization;

/** A model's {@code cache-*} keys as its result cache's settings; what is not set is {@link CacheSettings#DEFAULTS}. */
final class CacheSettingsReader {
    private CacheSettingsReader() {
    }

    static CacheSettings read(ModelProperties model) {
        String prefix = "models.definitions." + model.getName() + ".";
        CacheSettings d = CacheSettings.DEFAULTS;
        int maxEntries = model.getCacheMaxEntries() == null ? d.maxEntries()
                : ConfigValues.atLeast(prefix + "cache-max-entries", model.getCacheMaxEntries(), 1);
        long maxBytes = model.getCacheMaxBytes() == null ? d.maxBytes() : model.getCacheMaxBytes();
        if (maxBytes < 1) {
            throw new InvalidConfigurationException(prefix + "cache-max-bytes is " + maxBytes
                    + " but must be at least 1.");
        }
        TextNormalization keys = model.getCacheKeys() == null ? d.normalization()
                : ConfigValues.enumValue(prefix + "cache-keys", model.getCacheKeys(), TextNormalization.class);
        boolean enabled = model.getCacheEnabled() == null ? d.enabled() : model.getCacheEnabled();
        return new CacheSettings(enabled, maxEntries, maxBytes, keys);
    }
}
