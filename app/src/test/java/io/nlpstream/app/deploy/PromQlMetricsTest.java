package io.nlpstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The helpers DeploymentFilesTest relies on must find names, not hide them. */
class PromQlMetricsTest {

    @Test
    void findsMetricsButNotFunctionsLabelsOrRanges() {
        String expr = "histogram_quantile(0.99, sum by (model, le) (rate(nlpstream_inference_latency_seconds_bucket"
                + "{namespace=~\"$namespace\", model=\"x\"}[$__rate_interval]))) > 0.5"
                + " and on (instance) up{job=\"a\"} == 1 or vector(1e-9)";
        assertThat(PromQlMetrics.metricNames(expr))
                .containsExactlyInAnyOrder("nlpstream_inference_latency_seconds_bucket", "up");
    }

    @Test
    void findsEveryOperandOfBinaryExpressions() {
        assertThat(PromQlMetrics.metricNames("sum(rate(a_total[5m])) / clamp_min(sum(rate(b_total[5m])), 1e-9)"))
                .containsExactlyInAnyOrder("a_total", "b_total");
    }

    @Test
    void readsTheMetricOfALabelValuesVariable() {
        assertThat(PromQlMetrics.variableQueryMetrics("label_values(nlpstream_records_in_total, pipeline)"))
                .containsExactly("nlpstream_records_in_total");
    }

    @Test
    void exportedNamesFollowMicrometersPrometheusConvention() {
        Set<String> declared = Set.of("nlpstream_records_in", "nlpstream_inference_latency");
        assertThat(AppContract.exports(declared, "nlpstream_records_in_total")).isTrue();
        assertThat(AppContract.exports(declared, "nlpstream_inference_latency_seconds_bucket")).isTrue();
        assertThat(AppContract.exports(declared, "nlpstream_inference_latency_seconds_max")).isTrue();
        assertThat(AppContract.exports(declared, "nlpstream_records_out_total")).isFalse();
        assertThat(AppContract.exports(declared, "nlpstream_records_in_flight")).isFalse();
    }

    @Test
    void placeholdersResolveToTheirDefaults() {
        assertThat(AppContract.placeholderDefault("${MICRONAUT_SERVER_PORT:8080}")).isEqualTo("8080");
        assertThat(AppContract.placeholderDefault("9090")).isEqualTo("9090");
        assertThat(AppContract.placeholderNames("a: ${X_Y:1} b: \"${Z}\"")).containsExactly("X_Y", "Z");
    }
}
