package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service jar against a broker that only speaks SASL_SSL, with certificates from a CA made here and a SCRAM user
 * whose password holds {@code "}, {@code \} and spaces: it enriches end to end, and the same user with a wrong
 * password stops start-up with one sentence. Its own one-broker cluster (KafkaClusterTestKit), beside the suite's.
 */
@ExtendWith(SuiteExtension.class)
class SaslScramIT {
    private static final String LISTENER = "EXTERNAL";
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String PASSWORD = "pa\"ss \\word with \"quotes\" and \\backslashes\\";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServiceEnrichesThroughSaslSslScramAndAWrongPasswordIsOneSentence(Infrastructure infra) throws Exception {
        Path dir = infra.scenarioDir("sasl-scram");
        TestCertificates ca = TestCertificates.newCa(Files.createDirectories(dir.resolve("tls")));
        Path brokerStore = ca.issue("broker", "localhost", "dns:localhost,ip:127.0.0.1");
        try (KafkaClusterTestKit kafka = saslSslCluster(dir, brokerStore, ca.trustStore())) {
            Map<String, Object> admin = client(kafka, ca.trustStore());
            try (Admin a = Admin.create(admin)) {
                a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("nlp",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all()
                        .get(2, TimeUnit.MINUTES);
                a.createTopics(List.of(new NewTopic("in", 1, (short) 1), new NewTopic("out", 1, (short) 1),
                        new NewTopic("dlq", 1, (short) 1))).all().get(2, TimeUnit.MINUTES);
            }

            AppConfig config = config(infra, kafka, dir, ca, PASSWORD);
            List<String> texts = List.of("I love this product", "This is terrible");
            try (AppProcess app = AppProcess.start(infra, "sasl-scram", config, dir);
                 KafkaProducer<String, String> producer = new KafkaProducer<>(admin, new StringSerializer(),
                         new StringSerializer())) {
                for (int i = 0; i < texts.size(); i++) {
                    producer.send(new ProducerRecord<>("in", "k" + i, JSON.writeValueAsString(
                            Map.of("id", "e" + i, "text", texts.get(i))))).get(1, TimeUnit.MINUTES);
                }
                List<JsonNode> enriched = readAll(admin, "out", texts.size(), Duration.ofMinutes(3));
                assertThat(enriched).hasSize(texts.size());
                assertThat(enriched).allSatisfy(e -> assertThat(e.toString()).contains("sentiment"));
                assertThat(app.stop()).isZero();
            }

            Path wrong = dir.resolve("sasl-scram-wrong.yml");
            config(infra, kafka, dir, ca, PASSWORD + "x").writeTo(wrong);
            Process process = new ProcessBuilder(javaCommand(), "-jar", infra.appJar().toString(), "run", "--config",
                    wrong.toString()).redirectOutput(dir.resolve("wrong.out").toFile())
                    .redirectError(dir.resolve("wrong.err").toFile()).start();
            assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("run with a wrong password exits").isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            List<String> sentences = Files.readAllLines(dir.resolve("wrong.err"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("nlp-stream: ")).toList();
            assertThat(sentences).singleElement().asString()
                    .startsWith("nlp-stream: cannot start: Kafka rejected the service's authentication "
                            + "(SaslAuthenticationException: ")
                    .doesNotContain(PASSWORD);
        }
    }

    private static AppConfig config(Infrastructure infra, KafkaClusterTestKit kafka, Path dir, TestCertificates ca,
                                    String password) {
        return AppConfig.of(infra, "it-sasl-scram", dir.resolve("state"))
                .kafka("bootstrap-servers", kafka.bootstrapServers())
                .kafka("replication-factor", 1)
                .kafka("sasl", Map.of("mechanism", "SCRAM-SHA-512", "username", "nlp", "password", password))
                .kafkaProperty("security.protocol", "SASL_SSL")
                .kafkaProperty("ssl.truststore.location", ca.trustStore().toString())
                .kafkaProperty("ssl.truststore.password", TestCertificates.PASSWORD)
                .kafkaProperty("ssl.truststore.type", "PKCS12")
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .pipeline(Pipeline.of("sasl", Input.json("in"), "out", "dlq", "sentiment").withOutputFormat("JSON"));
    }

    /**
     * One combined broker and controller; the broker's one listener is SASL_SSL with SCRAM for clients and PLAIN
     * (a static admin in the JAAS line) for itself and for this test's admin, which creates the SCRAM user.
     */
    private static KafkaClusterTestKit saslSslCluster(Path dir, Path keyStore, Path trustStore) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumControllerNodes(1)
                .setNumBrokerNodes(1).setBaseDirectory(Files.createTempDirectory(dir, "cluster-"))
                .setBrokerListenerName(ListenerName.normalised(LISTENER))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_SSL).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        String l = "listener.name." + LISTENER.toLowerCase() + ".";
        Map<String, String> props = new HashMap<>();
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put(l + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"" + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD + "\";");
        props.put(l + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required;");
        props.put("ssl.keystore.location", keyStore.toString());
        props.put("ssl.keystore.password", TestCertificates.PASSWORD);
        props.put("ssl.key.password", TestCertificates.PASSWORD);
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.truststore.location", trustStore.toString());
        props.put("ssl.truststore.password", TestCertificates.PASSWORD);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }

    /** The test's own clients: the static PLAIN admin over SASL_SSL. */
    private static Map<String, Object> client(KafkaClusterTestKit kafka, Path trustStore) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"" + ADMIN_PASSWORD + "\";");
        c.put("ssl.truststore.location", trustStore.toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        c.put("ssl.truststore.type", "PKCS12");
        return c;
    }

    private static List<JsonNode> readAll(Map<String, Object> client, String topic, int count, Duration timeout)
            throws Exception {
        Map<String, Object> c = new HashMap<>(client);
        c.put("group.id", "sasl-scram-reader");
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        List<JsonNode> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(JSON.readTree(r.value()));
                }
            }
        }
        return values;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
