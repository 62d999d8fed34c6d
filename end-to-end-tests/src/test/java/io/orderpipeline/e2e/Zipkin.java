package io.orderpipeline.e2e;

import io.orderpipeline.testing.ZipkinServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Zipkin server for a test class (the jar the build copies, as {@code ./run-local} runs it) and what the tests
 * read from its HTTP API: the spans the services actually reported, as Zipkin stores them (names lower case).
 */
final class Zipkin implements AutoCloseable {

    /** One span as Zipkin's v2 API answers it. */
    record Span(
            String traceId,
            String id,
            String parentId,
            String name,
            String kind,
            String service,
            Map<String, String> tags) {

        boolean is(String service, String name) {
            return this.service.equals(service) && this.name.equals(name);
        }

        @Override
        public String toString() {
            return service + " '" + name + "' " + (kind == null ? "" : kind + " ") + id + " <- " + parentId + " "
                    + tags;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ZipkinServer server;

    private Zipkin(ZipkinServer server) {
        this.server = server;
    }

    /** Starts Zipkin and returns at once; {@link #startPipeline} waits for it. */
    static Zipkin start() throws IOException {
        Path jar = Path.of(System.getProperty("zipkin-server.jar", "target/zipkin/zipkin-server.jar"));
        int port = freePort();
        return new Zipkin(ZipkinServer.start(
                ProcessHandle.current().info().command().orElse("java"),
                jar,
                port,
                Path.of("target/zipkin-" + port + ".log")));
    }

    /**
     * Starts the three services reporting here (see {@link Pipeline#start}), and returns once this Zipkin answers too:
     * it starts while the services do, and they report only once there are spans.
     */
    Pipeline startPipeline(String... arguments) throws InterruptedException {
        List<String> reporting = new ArrayList<>(List.of(arguments));
        reporting.add("--management.tracing.export.zipkin.endpoint=" + server.spansEndpoint());
        Pipeline pipeline = Pipeline.start(reporting.toArray(String[]::new));
        server.awaitHealthy(Duration.ofMinutes(2));
        return pipeline;
    }

    /** Every span of one trace. */
    List<Span> trace(String traceId) {
        return spans(get("/api/v2/trace/" + traceId));
    }

    /** Every trace with a span tagged {@code key=value}, each with all its spans. */
    List<List<Span>> tracesTagged(String key, String value) {
        String query = URLEncoder.encode(key + "=" + value, StandardCharsets.UTF_8);
        List<List<Span>> traces = new ArrayList<>();
        get("/api/v2/traces?limit=100&annotationQuery=" + query).forEach(trace -> traces.add(spans(trace)));
        return traces;
    }

    /** How many spans reached the collector since it started, accepted or not. */
    long spansReceived() {
        return get("/metrics").path("counter.zipkin_collector.spans.http").asLong();
    }

    /** Every service name Zipkin has a span of. */
    List<String> services() {
        List<String> services = new ArrayList<>();
        get("/api/v2/services").forEach(service -> services.add(service.asString()));
        return services;
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.apiUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return JSON.createArrayNode();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Span> spans(JsonNode trace) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode span : trace) {
            Map<String, String> tags = new LinkedHashMap<>();
            span.path("tags")
                    .properties()
                    .forEach(tag -> tags.put(tag.getKey(), tag.getValue().asString()));
            spans.add(new Span(
                    span.path("traceId").asString(),
                    span.path("id").asString(),
                    span.hasNonNull("parentId") ? span.get("parentId").asString() : null,
                    span.path("name").asString(),
                    span.hasNonNull("kind") ? span.get("kind").asString() : null,
                    span.path("localEndpoint").path("serviceName").asString(),
                    tags));
        }
        return spans;
    }

    /** Below Linux's ephemeral range, where the tests' own outgoing connections cannot take it first. */
    private static int freePort() {
        while (true) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException inUse) {
                // Taken: try another.
            }
        }
    }
}
