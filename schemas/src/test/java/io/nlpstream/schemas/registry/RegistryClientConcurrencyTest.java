package io.nlpstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many stream threads meeting a new schema id at once (a producer rolled out a new schema) cost the registry one
 * call, not one per thread.
 */
class RegistryClientConcurrencyTest {
    private static final Schema PING = SchemaBuilder.record("Ping").namespace("test").fields().requiredString("name")
            .endRecord();
    private static final int CALLERS = 16;

    private final AtomicInteger requests = new AtomicInteger();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();
    private HttpServer registry;
    private ExecutorService handlers;

    @BeforeEach
    void start() throws IOException {
        String body = new ObjectMapper().createObjectNode().put("schema", PING.toString()).toString();
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        registry.setExecutor(handlers);
        registry.createContext("/schemas/ids/7", exchange -> {
            requests.incrementAndGet();
            try {
                // Answer only once every caller waits: a second request could only come from a caller that did
                // not wait for the first one's answer.
                Parked.await(callers, CALLERS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void manyThreadsAskingForTheSameIdMakeOneHttpCall() throws Exception {
        String url = "http://127.0.0.1:" + registry.getAddress().getPort();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS, task -> {
            Thread caller = new Thread(task);
            callers.add(caller);
            return caller;
        });
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientSettings.of(url))) {
            List<Future<Schema>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(pool.submit(() -> client.schemaById(7)));
            }
            for (Future<Schema> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(PING);
            }
            assertThat(client.schemaById(7)).isEqualTo(PING);
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasValue(1);
    }
}
