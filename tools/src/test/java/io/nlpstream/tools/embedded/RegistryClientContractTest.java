package io.nlpstream.tools.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.IncompatibleSchemaException;
import io.nlpstream.schemas.registry.RegisteredSchema;
import io.nlpstream.schemas.registry.RegistryClientSettings;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.registry.SchemaRegistryException;
import io.nlpstream.schemas.serde.ConfluentAvroSerde;
import io.nlpstream.schemas.testing.Events;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schemas module's REST client and serde against the embedded registry the demo, the bench and the it-tests
 * use: both sides of the same Confluent REST API agree (the client's own tests run against a stub).
 */
class RegistryClientContractTest {
    private static final Schema PING = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final Schema PING_INT = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredInt("name").endRecord();

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.create().start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersLooksUpFetchesAndReadsTheLatestVersion() {
        try (var client = Events.client(registry.url()); var other = Events.client(registry.url())) {
            int id = client.register("pings-value", PING);
            assertThat(client.register("pings-value", PING)).isEqualTo(id);
            assertThat(other.idOf("pings-value", PING)).isEqualTo(id);
            assertThat(other.schemaById(id)).isEqualTo(PING);
            assertThat(other.latest("pings-value")).isEqualTo(new RegisteredSchema("pings-value", id, 1, PING));
        }
    }

    @Test
    void theSameSchemaUnderTwoSubjectsHasOneId() {
        try (var client = Events.client(registry.url())) {
            assertThat(client.register("a-value", TextEvent.getClassSchema()))
                    .isEqualTo(client.register("b-value", TextEvent.getClassSchema()));
        }
    }

    @Test
    void theRegistrysErrorsBecomeTheClientsTypedExceptions() {
        try (var client = Events.client(registry.url())) {
            assertThatThrownBy(() -> client.latest("missing")).isInstanceOf(SchemaNotFoundException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
            assertThatThrownBy(() -> client.schemaById(4242)).isInstanceOf(SchemaNotFoundException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
            client.register("s", PING);
            assertThatThrownBy(() -> client.idOf("s", PING_INT)).isInstanceOf(SchemaNotFoundException.class);
            assertThatThrownBy(() -> client.register("s", PING_INT)).isInstanceOf(IncompatibleSchemaException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
            registry.failNextRequests(10, 503);
            assertThatThrownBy(() -> client.schemaById(99)).isInstanceOf(RegistryUnavailableException.class);
        }
    }

    @Test
    void encodedSubjectsContextPathsAndBasicAuthAgree() {
        String subject = "odd topic/with?chars&+ü-value";
        try (var ccompat = EmbeddedSchemaRegistry.builder().contextPath("/apis/ccompat/v7").build().start();
             var client = Events.client(ccompat.url())) {
            int id = client.register(subject, PING);
            assertThat(Events.client(ccompat.url()).latest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, PING));
        }
        try (var secured = EmbeddedSchemaRegistry.builder().basicAuth("alice", "s3cret-pw").build().start()) {
            Map<String, Object> config = Events.clientConfig(secured.url());
            config.put(RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, new Password("alice:s3cret-pw"));
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                assertThat(client.register("s", PING)).isPositive();
            }
            config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, new Password("alice:wrong"));
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                assertThatThrownBy(() -> client.register("s", PING)).isInstanceOf(SchemaRegistryException.class)
                        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(401));
            }
        }
    }

    @Test
    void aSerdeConfiguredWithTheRegistrysUrlRoundTripsEvents() {
        Map<String, Object> config = Events.clientConfig(registry.url());
        config.put("specific.avro.reader", "true");
        try (ConfluentAvroSerde<TextEvent> serde = new ConfluentAvroSerde<>()) {
            serde.configure(config, false);
            byte[] bytes = serde.serializer().serialize("events", Events.sample());
            assertThat(serde.deserializer().deserialize("events", bytes)).isEqualTo(Events.sample());
        }
        try (var client = Events.client(registry.url())) {
            assertThat(client.latest("events-value").schema()).isEqualTo(TextEvent.getClassSchema());
        }
    }
}
