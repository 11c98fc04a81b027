package io.nlpstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.nlpstream.app.config.ApiProperties;
import io.nlpstream.app.infer.FakeModel;
import io.nlpstream.app.infer.TaskOptions;
import io.nlpstream.app.security.CallerLimits;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.models.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/{task}} under the admission limits: 413 over the item limit, 429 with Retry-After when busy. */
class InferenceAdmissionTest {
    private final FakeModel model = new FakeModel(Task.TEXT_CLASSIFICATION);
    private final ModelCatalog catalog = ModelCatalog.of(Map.of("fake",
            new CatalogEntry("fake", model, TaskOptions.DEFAULTS)));
    private final InferenceController controller = new InferenceController(catalog,
            new RequestAdmission(3, 1, Duration.ofSeconds(2)), new CallerLimits(new ApiProperties.Limits()));

    @AfterEach
    void close() {
        catalog.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return controller.infer("text-classification", null, body, null).get(30, TimeUnit.SECONDS);
    }

    private static String items(int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"text\": \"item ").append(i).append("\"}");
        }
        return json.append(']').toString();
    }

    @Test
    void anArrayOverTheItemLimitIsRefusedWith413BeforeAnyModelCall() throws Exception {
        HttpResponse<String> response = post(items(4));

        assertThat(response.code()).isEqualTo(413);
        assertThat(response.body()).contains("4 items").contains("at most 3")
                .contains("api.admission.max-items-per-request");
        assertThat(post(items(3)).code()).isEqualTo(200);
    }

    @Test
    void aRequestOverTheConcurrencyLimitIsRefusedWith429AndRetryAfterUntilTheFirstIsAnswered() throws Exception {
        Runnable release = model.hold();
        CompletableFuture<HttpResponse<String>> first = controller.infer("text-classification", null, items(2), null);

        HttpResponse<String> refused = post(items(1));
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(refused.body()).contains("api.admission.max-concurrent-requests");
        assertThat(first).isNotDone();

        release.run();
        assertThat(first.get(30, TimeUnit.SECONDS).code()).isEqualTo(200);
        assertThat(post(items(1)).code()).isEqualTo(200);
    }

    @Test
    void aRefusedRequestDoesNotHoldASlot() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post(items(10)).code()).isEqualTo(413);
        }
        assertThat(post("{\"text\": \"one\"}").code()).isEqualTo(200);
    }

    @Test
    void aFailedAnswerFreesItsSlot() throws Exception {
        assertThat(post("{\"text\": \"boom\"}").code()).isEqualTo(500);
        assertThat(post("{\"text\": \"one\"}").code()).isEqualTo(200);
    }
}
