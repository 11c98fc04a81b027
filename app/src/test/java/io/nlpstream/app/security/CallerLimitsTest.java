package io.nlpstream.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.nlpstream.app.config.ApiProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api.limits.*}: per caller, on the running API and as a policy with a hand-driven clock. */
class CallerLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aCallerPastItsRequestRateGets429WithRetryAfterWhileAnotherCallerDoesNot() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), ApiKeys.sha256Hex("key-a") + " a\n"
                + ApiKeys.sha256Hex("key-b") + " b\n");
        // One request per 100 s: the second request of a caller is refused whatever the machine's speed.
        try (ApiServer server = ApiServer.start(Map.of("api.authentication", "api-key", "api.keys-file",
                keys.toString(), "api.limits.requests-per-second", "0.01"))) {
            assertThat(server.get(server.apiPort(), "/models", "X-API-Key", "key-a").statusCode()).isEqualTo(200);

            HttpResponse<String> refused = server.get(server.apiPort(), "/models", "X-API-Key", "key-a");

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 100L);
            assertThat(server.get(server.apiPort(), "/models", "X-API-Key", "key-b").statusCode()).isEqualTo(200);
            assertThat(server.get(server.managementPort, "/health/liveness", "X-API-Key", "key-a").statusCode())
                    .as("management endpoints are not counted").isEqualTo(200);
        }
    }

    @Test
    void aCallerPastItsItemsPerRequestGets413() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), ApiKeys.sha256Hex("key-a") + "\n");
        try (ApiServer server = ApiServer.start(Map.of("api.authentication", "api-key", "api.keys-file",
                keys.toString(), "api.limits.max-items-per-request", "2"))) {
            HttpResponse<String> two = server.classify("[{\"text\": \"a\"}, {\"text\": \"b\"}]", "X-API-Key", "key-a");
            HttpResponse<String> three = server.classify("[{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]",
                    "X-API-Key", "key-a");

            assertThat(two.statusCode()).isEqualTo(200);
            assertThat(three.statusCode()).isEqualTo(413);
            assertThat(three.body()).contains("at most 2 (api.limits.max-items-per-request)");
        }
    }

    @Test
    void theBucketRefillsAtTheConfiguredRate() {
        ApiProperties.Limits settings = new ApiProperties.Limits();
        settings.setRequestsPerSecond(2);
        AtomicLong now = new AtomicLong();
        CallerLimits limits = new CallerLimits(settings, now::get);

        assertThat(limits.admitRequest("a")).isZero();
        assertThat(limits.admitRequest("a")).isZero();
        assertThat(limits.admitRequest("a")).isEqualTo(Duration.ofMillis(500));
        assertThat(limits.admitRequest("b")).as("another caller's bucket").isZero();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limits.admitRequest("a")).isZero();
        assertThat(limits.admitRequest("a")).isPositive();
    }

    @Test
    void noLimitByDefault() {
        CallerLimits limits = new CallerLimits(new ApiProperties.Limits(), () -> 0L);

        for (int i = 0; i < 1000; i++) {
            assertThat(limits.admitRequest("a")).isZero();
        }
        assertThat(limits.maxItemsPerRequest()).isEmpty();
    }
}
