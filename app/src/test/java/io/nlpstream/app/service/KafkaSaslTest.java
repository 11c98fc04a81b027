package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.KafkaSaslProperties;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

/** {@code kafka.sasl.*} into Kafka's properties, read back by Kafka's own JAAS parser. */
class KafkaSaslTest {
    @Test
    void aPasswordWithQuotesBackslashesAndSpacesReachesKafkaUnchanged() {
        String password = "p\"a s\\s\" word=1;\ttab \\\" end\\";
        Map<String, String> props = KafkaSasl.clientProperties(sasl("SCRAM-SHA-512", "svc \"nlp\"", password));

        assertThat(props).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        Map<String, ?> options = jaasOptions(props.get("sasl.jaas.config"));
        assertThat(options.get("password")).isEqualTo(password);
        assertThat(options.get("username")).isEqualTo("svc \"nlp\"");
    }

    @Test
    void eachMechanismGetsItsLoginModule() {
        assertThat(KafkaSasl.clientProperties(sasl("plain", "u", "p")).get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required ");
        assertThat(KafkaSasl.clientProperties(sasl("scram-sha-256", "u", "p")))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");

        KafkaSaslProperties oauth = new KafkaSaslProperties();
        oauth.setMechanism("OAUTHBEARER");
        oauth.setTokenEndpointUrl("https://idp.example.com/oauth2/token");
        oauth.setClientId("nlp-stream");
        oauth.setClientSecret("s\"e\\cret");
        Map<String, String> props = KafkaSasl.clientProperties(oauth);
        assertThat(props).containsEntry("sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/oauth2/token")
                .containsEntry("sasl.login.callback.handler.class",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        assertThat(jaasOptions(props.get("sasl.jaas.config")).get("clientSecret")).isEqualTo("s\"e\\cret");
        assertThat(System.getProperty(KafkaSasl.ALLOWED_TOKEN_URLS)).contains("https://idp.example.com/oauth2/token");
    }

    @Test
    void noMechanismNoProperties() {
        assertThat(KafkaSasl.clientProperties(new KafkaSaslProperties())).isEmpty();
    }

    @Test
    void aMissingPasswordOrAnUnknownMechanismIsOneSentence() {
        assertThatThrownBy(() -> KafkaSasl.clientProperties(sasl("SCRAM-SHA-512", "u", null)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("kafka.sasl.password must be set.");
        assertThatThrownBy(() -> KafkaSasl.clientProperties(sasl("GSSAPI", "u", "p")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("kafka.sasl.mechanism is 'GSSAPI' but "
                        + "must be one of plain, scram-sha-256, scram-sha-512, oauthbearer.");
    }

    private static KafkaSaslProperties sasl(String mechanism, String username, String password) {
        KafkaSaslProperties p = new KafkaSaslProperties();
        p.setMechanism(mechanism);
        p.setUsername(username);
        p.setPassword(password);
        return p;
    }

    private static Map<String, ?> jaasOptions(String jaas) {
        JaasContext context = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)));
        assertThat(context.configurationEntries()).hasSize(1);
        return context.configurationEntries().get(0).getOptions();
    }
}
