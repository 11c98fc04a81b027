package io.nlpstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every meter a page of the documentation, the Grafana dashboard or the alert rules names is one the service
 * declares: in Micrometer's dotted form ({@code nlpstream.records.in}) or as Prometheus exports it
 * ({@code nlpstream_records_in_total}). A renamed meter fails here instead of leaving a page, a panel or an
 * alert that shows nothing.
 */
class DocumentedMetersTest {
    private static final Pattern METER = Pattern.compile("(?<![\\w.$/-])nlpstream[._][a-z0-9_.-]*[a-z0-9]");
    /** Names of that shape that are not meters: the it-tests' system properties, a Kafka Streams config key, the decision headers. */
    private static final Pattern NOT_A_METER = Pattern.compile(
            "nlpstream\\.it\\..*|nlpstream\\.(jar|report)|nlpstream\\.topology\\..*|nlpstream\\.decision(\\..*)?|.*-.*");

    @Test
    void everyNamedMeterIsOneTheServiceDeclares() {
        Set<String> declared = AppContract.declaredMetricNames();
        assertThat(declared).contains("kafka_consumer_fetch_manager_records_lag", "nlpstream_model_execution_provider");
        List<Path> files = new ArrayList<>(RepositoryFiles.files(RepositoryFiles.resolve("docs"), ".md"));
        files.add(RepositoryFiles.resolve("README.md"));
        files.add(RepositoryFiles.resolve("deploy/grafana/nlp-stream-dashboard.json"));
        files.add(RepositoryFiles.resolve("deploy/prometheus/nlp-stream-alerts.yml"));
        files.add(RepositoryFiles.resolve("deploy/components/monitoring/prometheusrule.yaml"));
        Map<String, Set<String>> unknown = new TreeMap<>();
        int named = 0;
        for (Path file : files) {
            Matcher m = METER.matcher(RepositoryFiles.text(file));
            while (m.find()) {
                String name = m.group();
                if (NOT_A_METER.matcher(name).matches()) {
                    continue;
                }
                named++;
                boolean known = name.contains(".") ? declared.contains(name.replace('.', '_'))
                        : AppContract.exports(declared, name);
                if (!known) {
                    unknown.computeIfAbsent(RepositoryFiles.root().relativize(file).toString(),
                            f -> new TreeSet<>()).add(name);
                }
            }
        }
        assertThat(named).as("meter names found").isGreaterThan(20);
        assertThat(unknown).as("meters named but not declared by the service (declared: %s)", declared).isEmpty();
    }
}
