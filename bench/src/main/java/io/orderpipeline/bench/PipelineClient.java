package io.orderpipeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few HTTP calls the scenarios make, all asynchronous, on one shared client (one connection pool). */
final class PipelineClient implements AutoCloseable {

    /** The version of an order once the processor's outcome is applied: created 1, requested 2, outcome 3. */
    static final long OUTCOME_VERSION = 3;

    private static final Set<String> FINAL_STATUSES = Set.of("PROCESSED", "REJECTED");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final BenchSettings settings;
    private final Semaphore ordersConnections;
    private final Semaphore queryConnections;

    PipelineClient(BenchSettings settings) {
        this.settings = settings;
        this.ordersConnections = new Semaphore(settings.maxConnections(), true);
        this.queryConnections = new Semaphore(settings.maxConnections(), true);
        // HTTP/1.1 like any REST client of the services; answers are handled on virtual threads, so thousands of
        // requests in flight cost no platform threads.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** {@code POST /orders}; completes with the new order's id, or exceptionally unless the answer is 201. */
    CompletableFuture<String> create(long n) {
        return create(settings.ordersUrl(), n);
    }

    /** {@code POST /orders} to {@code service} (orders-service, or the baseline beside it). */
    CompletableFuture<String> create(URI service, long n) {
        String body = "{\"customerId\":\"bench-" + (n % 1000) + "\",\"product\":\"" + settings.product()
                + "\",\"quantity\":" + settings.quantity() + "}";
        HttpRequest request = command(service.resolve("/orders"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build();
        return pooled(request).thenApply(response -> field(expect(response, 201), "orderId"));
    }

    /** {@code POST /orders/{id}/process}; completes normally only on 202. */
    CompletableFuture<Void> process(String orderId) {
        HttpRequest request = command(settings.ordersUrl().resolve("/orders/" + orderId + "/process"))
                .POST(BodyPublishers.noBody())
                .build();
        return pooled(request).thenAccept(response -> expect(response, 202));
    }

    /**
     * Completes with the final status (PROCESSED or REJECTED) once query-service shows it, or exceptionally after
     * {@code visible-timeout}.
     */
    CompletableFuture<String> awaitOutcome(String orderId) {
        long deadline = System.nanoTime() + settings.visibleTimeout().toNanos();
        return switch (settings.visibility()) {
            case LONG_POLL -> longPoll(orderId, deadline);
            case POLL -> poll(orderId, deadline);
        };
    }

    private CompletableFuture<String> longPoll(String orderId, long deadline) {
        long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        URI uri = settings.queryUrl()
                .resolve("/orders/" + orderId + "?minVersion=" + OUTCOME_VERSION + "&waitMs=" + Math.min(waitMs, 5000));
        return pooled(get(uri)).thenCompose(response -> {
            String status = response.statusCode() == 200 ? field(response, "status") : null;
            if (status != null && FINAL_STATUSES.contains(status)) {
                return CompletableFuture.completedFuture(status);
            }
            // 503: not applied within waitMs; 404: an order unknown so far. Ask again until the deadline.
            if ((response.statusCode() == 503 || response.statusCode() == 404 || response.statusCode() == 200)
                    && System.nanoTime() < deadline) {
                return longPoll(orderId, deadline);
            }
            return CompletableFuture.failedFuture(unexpected(response));
        });
    }

    private CompletableFuture<String> poll(String orderId, long deadline) {
        URI uri = settings.queryUrl().resolve("/orders/" + orderId);
        return pooled(get(uri)).thenCompose(response -> {
            String status = response.statusCode() == 200 ? field(response, "status") : null;
            if (status != null && FINAL_STATUSES.contains(status)) {
                return CompletableFuture.completedFuture(status);
            }
            if ((response.statusCode() == 200 || response.statusCode() == 404) && System.nanoTime() < deadline) {
                return CompletableFuture.supplyAsync(
                                () -> null,
                                CompletableFuture.delayedExecutor(
                                        BenchSettings.Visibility.POLL_INTERVAL.toMillis(),
                                        TimeUnit.MILLISECONDS,
                                        executor))
                        .thenCompose(ignored -> poll(orderId, deadline));
            }
            return CompletableFuture.failedFuture(unexpected(response));
        });
    }

    /**
     * Sends once one of the service's {@code max-connections} is free, as a client with a connection pool per service
     * would: the JDK client would otherwise open a connection per request in flight, thousands when a service falls
     * behind. Waiting for a connection is part of the latency, which counts from the due time.
     */
    private CompletableFuture<HttpResponse<String>> pooled(HttpRequest request) {
        Semaphore connections =
                request.uri().getPort() == settings.ordersUrl().getPort() ? ordersConnections : queryConnections;
        return CompletableFuture.runAsync(connections::acquireUninterruptibly, executor)
                .thenCompose(acquired -> http.sendAsync(request, BodyHandlers.ofString())
                        .whenComplete((response, failure) -> connections.release()));
    }

    /** A plain GET, for the admin and status calls of the rebuild. */
    HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    /** A command as a careful client sends it: with a fresh {@code Idempotency-Key}, so a retry would be safe. */
    private HttpRequest.Builder command(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        return settings.idempotencyKeys()
                ? request.header("Idempotency-Key", UUID.randomUUID().toString())
                : request;
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw unexpected(response);
        }
        return response;
    }

    static String field(HttpResponse<String> response, String name) {
        JsonNode value = JSON.readTree(response.body()).get(name);
        if (value == null || !value.isValueNode()) {
            throw unexpected(response);
        }
        return value.asString();
    }

    private static IllegalStateException unexpected(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        return new IllegalStateException(
                response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                        + ": " + body.substring(0, Math.min(300, body.length())));
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
