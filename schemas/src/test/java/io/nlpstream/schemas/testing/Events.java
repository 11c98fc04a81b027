package io.nlpstream.schemas.testing;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.RegistryClientSettings;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Shared fixtures: a sample event and a fast-retrying client config for a registry at a URL. */
public final class Events {
    private Events() {
    }

    public static TextEvent sample() {
        return TextEvent.newBuilder()
                .setId("a")
                .setText("hi")
                .setQuestion("q")
                .setEventTime(Instant.ofEpochMilli(1000))
                .setMetadata(Map.of("k", "v"))
                .build();
    }

    /** Client config for the registry at {@code url} with 1 ms backoff so retry tests stay fast. */
    public static Map<String, Object> clientConfig(String url) {
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryClientSettings.URL, url);
        config.put(RegistryClientSettings.RETRIES_WAIT_MS, 1);
        config.put(RegistryClientSettings.RETRIES_MAX_WAIT_MS, 4);
        config.put(RegistryClientSettings.MAX_RETRIES, 2);
        return config;
    }

    public static RestSchemaRegistryClient client(String url) {
        return RestSchemaRegistryClient.fromConfig(clientConfig(url));
    }
}
