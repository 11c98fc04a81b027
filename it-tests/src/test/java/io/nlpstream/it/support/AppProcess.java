package io.nlpstream.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app under test as users run it: {@code java -jar nlp-stream.jar run --config FILE} in a child process, so
 * that it can be killed with SIGKILL. Output goes to {@code <name>.log} next to the config (appended across
 * restarts); {@link #start} returns once the service logs its ready line (Kafka Streams RUNNING).
 */
public final class AppProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
    private static final Pattern READY = Pattern.compile("nlp-stream: ready on http://localhost:(\\d+)");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Children still running when the test JVM exits (a failsafe timeout, a crash) are killed, not orphaned. */
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessHandle::destroyForcibly),
                "kill-app-processes"));
    }

    private final String name;
    private final Path jar;
    private final Path configFile;
    private final Path logFile;
    private Process process;
    private int httpPort = -1;

    private AppProcess(String name, Path jar, Path configFile, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.configFile = configFile;
        this.logFile = logFile;
    }

    /** Writes {@code config} to {@code dir/<name>.yml}, starts the app and waits until it is ready. */
    public static AppProcess start(Infrastructure infra, String name, AppConfig config, Path dir) {
        Path configFile = dir.resolve(name + ".yml");
        config.writeTo(configFile);
        AppProcess app = new AppProcess(name, infra.appJar(), configFile, dir.resolve(name + ".log"));
        app.launch();
        return app;
    }

    /** Starts the same instance again (same config, same state directory) after {@link #kill} or {@link #stop}. */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    private void launch() {
        long logOffset = size(logFile);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(),
                "run", "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        long started = System.nanoTime();
        try {
            process = builder.start();
            RUNNING.add(process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        httpPort = awaitReady(logOffset);
        LOG.info("{} ready on port {} after {} ms (pid {})", name, httpPort,
                (System.nanoTime() - started) / 1_000_000, process.pid());
    }

    private int awaitReady(long logOffset) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(logSince(logOffset));
            if (ready.find()) {
                return Integer.parseInt(ready.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; its log ends:\n" + tail(logSince(logOffset)));
            }
            Poll.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready within " + READY_TIMEOUT + "; its log ends:\n"
                + tail(logSince(logOffset)));
    }

    /** SIGKILL: no shutdown hook, no close, no commit; what a crash or an OOM killer does. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
        LOG.info("{} killed (SIGKILL)", name);
    }

    /** SIGTERM and wait: the service closes Kafka Streams and exits; returns its exit status (0 expected). */
    public int stop() {
        process.destroy();
        int status = waitFor();
        LOG.info("{} stopped (SIGTERM), exit status {}", name, status);
        return status;
    }

    private int waitFor() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new IllegalStateException(name + " did not exit within " + STOP_TIMEOUT);
            }
            RUNNING.remove(process.toHandle());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** The whole log of this instance, every run included. */
    public String log() {
        return logSince(0);
    }

    /** GET {@code path} on the instance's HTTP port; the status and body. */
    public HttpAnswer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new HttpAnswer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** POST {@code body} (JSON) to {@code path}; the status, body and {@code Retry-After} header (or null). */
    public PostAnswer post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new PostAnswer(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new PostAnswer(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The sum of the Prometheus series {@code metric} whose labels include {@code label} (e.g. pipeline="p"; "" for
     * a series without labels).
     */
    public double metric(String metric, String label) {
        HttpAnswer answer = get("/prometheus");
        if (answer.status() != 200) {
            throw new IllegalStateException(name + " /prometheus answered " + answer);
        }
        return answer.body().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Override
    public void close() {
        if (isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public record HttpAnswer(int status, String body) {
    }

    public record PostAnswer(int status, String body, String retryAfter) {
    }
}
