package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.SchemaRegistryProperties;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client as the service configures it ({@code schema-registry.*}) against a registry over HTTPS whose
 * certificate comes from a CA made here: trusted through the trust store it starts, untrusted it is one sentence
 * saying what to set, and the same when the registry requires a client certificate.
 */
class RegistryTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates ca;
    static Path server;
    static Path client;
    static Path wrongName;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.newCa(dir);
        server = ca.issue("registry", "registry", "dns:localhost,ip:127.0.0.1");
        wrongName = ca.issue("elsewhere", "elsewhere", "dns:registry.elsewhere.test");
        client = ca.issue("client", "nlp-stream", null);
    }

    @Test
    void aRegistryOnAPrivateCaIsReachedThroughTheTrustStore() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(server), false)) {
            SchemaRegistryProperties p = properties(registry);
            p.setTruststoreLocation(ca.trustStore().toString());
            p.setTruststorePassword(TestCertificates.PASSWORD);

            RegistryConnection.open(p).close();

            assertThat(registry.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void aPemCaFileIsATrustStoreToo() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(server), false)) {
            SchemaRegistryProperties p = properties(registry);
            p.setTruststoreLocation(ca.caPem().toString());
            p.setTruststoreType("PEM");

            RegistryConnection.open(p).close();
        }
    }

    @Test
    void anUntrustedRegistryIsOneSentenceNamingTheSetting() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(server), false)) {
            SchemaRegistryProperties p = properties(registry);

            assertThatThrownBy(() -> RegistryConnection.open(p)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("schema-registry.url " + registry.url() + " cannot be reached (")
                    .hasMessageEndingWith("; its certificate is not signed by a CA the service trusts: set "
                            + "schema-registry.truststore-location to a trust store (PKCS12, JKS or PEM) holding the "
                            + "registry's CA.");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(wrongName), false)) {
            SchemaRegistryProperties p = properties(registry);
            p.setTruststoreLocation(ca.trustStore().toString());
            p.setTruststorePassword(TestCertificates.PASSWORD);

            assertThatThrownBy(() -> RegistryConnection.open(p)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("its certificate does not name the host in schema-registry.url");
        }
    }

    @Test
    void aRegistryThatRequiresAClientCertificateGetsTheKeyStores() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(server), true)) {
            SchemaRegistryProperties p = properties(registry);
            p.setTruststoreLocation(ca.trustStore().toString());
            p.setTruststorePassword(TestCertificates.PASSWORD);

            assertThatThrownBy(() -> RegistryConnection.open(p)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("schema-registry.url " + registry.url() + " cannot be reached (");
            assertThat(registry.requests.get()).as("no request got through without a certificate").isZero();

            p.setKeystoreLocation(client.toString());
            p.setKeystorePassword(TestCertificates.PASSWORD);
            try (SchemaRegistryClient opened = RegistryConnection.open(p)) {
                assertThat(registry.requests.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void passwordsStayOutOfEveryMessage() throws Exception {
        try (Registry registry = Registry.start(ca.serverContext(server), false)) {
            SchemaRegistryProperties p = properties(registry);
            p.setTruststoreLocation(ca.trustStore().toString());
            p.setTruststorePassword("s3cr3t \"typo\"");

            assertThatThrownBy(() -> RegistryConnection.open(p)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining(ca.trustStore().toString()).message().doesNotContain("s3cr3t");
        }
    }

    private static SchemaRegistryProperties properties(Registry registry) {
        SchemaRegistryProperties p = new SchemaRegistryProperties();
        p.setUrl(registry.url());
        p.setMaxRetries(0);
        return p;
    }

    /** An HTTPS registry that knows no subject (every request: 404 40401), counting the requests that reach it. */
    private record Registry(HttpsServer server, AtomicInteger requests) implements AutoCloseable {
        static Registry start(SSLContext tls, boolean clientCertificateRequired) throws Exception {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = tls.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(clientCertificateRequired);
                    params.setSSLParameters(parameters);
                }
            });
            AtomicInteger requests = new AtomicInteger();
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = "{\"error_code\":40401,\"message\":\"Subject not found.\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new Registry(server, requests);
        }

        String url() {
            return "https://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
