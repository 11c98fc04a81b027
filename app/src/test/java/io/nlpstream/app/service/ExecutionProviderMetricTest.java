package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nlpstream.app.config.BatchingProperties;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.app.config.SessionProperties;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.models.testing.FixtureModels;
import org.junit.jupiter.api.Test;

/**
 * A model that asked for CUDA and runs on CPU shows it in a meter an alert can see. This build's ONNX Runtime is the
 * CPU one, so asking for CUDA is exactly the fallback a GPU pod without a working GPU goes through.
 */
class ExecutionProviderMetricTest {

    @Test
    void aCudaRequestThatFellBackToCpuIsAGaugeTaggedWithBoth() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionProperties session = new SessionProperties();
        session.setProvider("cuda");
        session.setDeviceId(1);
        ModelProperties sentiment = new ModelProperties("sentiment");
        sentiment.setPath(FixtureModels.path(FixtureModels.SENTIMENT));

        try (ModelCatalog catalog = new ModelCatalog(List.of(sentiment), session, new BatchingProperties(),
                new ServiceMetrics(registry))) {
            Gauge gauge = registry.get(ServiceMetrics.EXECUTION_PROVIDER).tag("model", "sentiment").gauge();
            assertThat(gauge.getId().getTag("requested")).isEqualTo("cuda");
            assertThat(gauge.getId().getTag("provider")).isEqualTo("cpu");
            assertThat(gauge.getId().getTag("device")).isEqualTo("none");
            assertThat(gauge.value()).isEqualTo(1.0);
            assertThat(catalog.entry("sentiment").orElseThrow().model().info().executionProvider()).isEqualTo("cpu");
        }
    }
}
