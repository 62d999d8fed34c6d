package io.orderpipeline.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server (its executable jar from Maven Central, {@code io.zipkin:zipkin-server:exec}) as a child
 * process: the collector the services report spans to and the UI to read them in. Spans are kept in memory, at most
 * {@link #MAX_SPANS} (the oldest traces are dropped first), so it needs no store and a small heap. Used by
 * {@code ./run-local} (local-stack) and by the tracing end-to-end test; it uses only the JDK, so local-stack can
 * depend on this class alone.
 */
public final class ZipkinServer implements AutoCloseable {

    /** About 4 000 order lifecycles of about 12 spans; at a kilobyte or two a span, within the 256 MB heap below. */
    public static final int MAX_SPANS = 50_000;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final Path log;
    private final Process process;
    private final Instant started = Instant.now();

    private ZipkinServer(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts Zipkin from {@code jar} on {@code port} with the given java command, its output appended to {@code log};
     * returns at once: {@link #awaitHealthy} waits for it, so it can start while other servers do.
     */
    public static ZipkinServer start(String java, Path jar, int port, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": the build copies Zipkin's executable jar there");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        // A small heap, the serial collector and C1 only: Zipkin shares two cores with everything else, and at
        // these span rates the optimising compiler would cost more CPU than it saves.
        List<String> command = List.of(
                java, "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", Integer.toString(MAX_SPANS));
        return new ZipkinServer(port, log, builder.start());
    }

    /** Waits until {@code /health} answers 200; fails early, naming the log, if the process dies. */
    public Duration awaitHealthy(Duration timeout) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(apiUrl() + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Duration.between(started, Instant.now()).compareTo(timeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("zipkin exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException notListeningYet) {
                // The server socket is not open yet; ask again shortly.
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("zipkin was not healthy after " + timeout.toSeconds() + " s; see " + log);
    }

    /** Where the services send spans: {@code management.tracing.export.zipkin.endpoint}. */
    public String spansEndpoint() {
        return spansEndpoint(port);
    }

    /** The spans endpoint of a Zipkin on this machine's {@code port}. */
    public static String spansEndpoint(int port) {
        return "http://localhost:" + port + "/api/v2/spans";
    }

    /** The root of Zipkin's HTTP API ({@code /api/v2/trace/{id}}, {@code /api/v2/traces}, {@code /health}). */
    public String apiUrl() {
        return "http://localhost:" + port;
    }

    /** The UI: {@code …/zipkin/traces/<trace id>} opens one trace. */
    public String uiUrl() {
        return apiUrl() + "/zipkin/";
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
