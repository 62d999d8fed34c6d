package io.orderpipeline.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open-loop load as a careful client sends it: at a fixed rate, whatever the answers, one order a tick — create,
 * then process, each with an {@code Idempotency-Key}, sent to any orders-service instance and retried with the same key
 * on the other one after a connection error, a timeout or a 5xx. Then it watches each acknowledged order on the query
 * side (read-your-writes: {@code minVersion=3&waitMs=…}, any instance) and notes when it became visible.
 */
final class OrderLoad implements AutoCloseable {

    static final long FINAL_VERSION = 3; // created, processing requested, processed or rejected
    private static final Duration GIVE_UP = Duration.ofMinutes(2);
    private static final Duration RETRY_AFTER = Duration.ofMillis(200);
    /**
     * The longest read-your-writes wait query-service accepts ({@code query.read-your-writes.max-wait}): while a service
     * is down, each order not yet done costs query-service a request per 10 s, not one every 3 s.
     */
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough that a slow answer is not sent again: only a dead or frozen instance makes the client retry. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One order of the load: when it was due, when both commands were acknowledged, when it was seen done. */
    static final class Order {
        final Instant due;
        volatile String orderId;
        volatile Instant acknowledged;
        volatile Instant visible;
        volatile String status;
        volatile long version;
        volatile String failure;

        Order(Instant due) {
            this.due = due;
        }
    }

    private final List<String> orders;
    private final List<String> queries;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final Queue<Order> sent = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    OrderLoad(List<String> orders, List<String> queries) {
        this.orders = orders;
        this.queries = queries;
    }

    void start(double perSecond) {
        long period = Math.round(1_000_000 / perSecond);
        ticks.scheduleAtFixedRate(this::send, 0, period, TimeUnit.MICROSECONDS);
    }

    /** Stops sending new orders; those under way go on until done or given up. */
    void stopSending() {
        ticks.shutdownNow();
    }

    List<Order> orders() {
        return List.copyOf(sent);
    }

    /** True when every order sent has been seen done or given up on. */
    boolean quiet() {
        return inFlight.get() == 0;
    }

    private void send() {
        Order order = new Order(Instant.now());
        sent.add(order);
        inFlight.incrementAndGet();
        String customer = "{\"customerId\":\"c-fault\",\"product\":\"laptop\",\"quantity\":1}";
        command("/orders", customer, order)
                .thenCompose(created -> {
                    order.orderId = created.get("orderId").asString();
                    return command("/orders/" + order.orderId + "/process", "", order);
                })
                .thenCompose(processing -> {
                    order.acknowledged = Instant.now();
                    return visible(order);
                })
                .whenComplete((done, failure) -> {
                    if (failure != null && order.failure == null) {
                        order.failure = failure.toString();
                    }
                    inFlight.decrementAndGet();
                });
    }

    private CompletableFuture<JsonNode> command(String path, String body, Order order) {
        String key = UUID.randomUUID().toString();
        int first = ThreadLocalRandom.current().nextInt(orders.size());
        return attempt(path, body, key, first, order.due.plus(GIVE_UP));
    }

    private CompletableFuture<JsonNode> attempt(String path, String body, String key, int instance, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(orders.get(instance % orders.size()) + path))
                .timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (response != null && response.statusCode() / 100 == 2) {
                        return CompletableFuture.completedFuture(JSON.readTree(response.body()));
                    }
                    if (response != null && response.statusCode() < 500) {
                        return CompletableFuture.<JsonNode>failedFuture(new IllegalStateException(
                                "POST " + path + " answered " + response.statusCode() + ": " + response.body()));
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return CompletableFuture.<JsonNode>failedFuture(new IllegalStateException(
                                "POST " + path + " gave up: " + (failure != null ? failure : response.statusCode())));
                    }
                    return later().thenCompose(retry -> attempt(path, body, key, instance + 1, deadline));
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Void> visible(Order order) {
        int instance = ThreadLocalRandom.current().nextInt(queries.size());
        return watch(order, instance);
    }

    private CompletableFuture<Void> watch(Order order, int instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queries.get(instance % queries.size()) + "/orders/"
                        + order.orderId + "?minVersion=" + FINAL_VERSION + "&waitMs=" + WAIT.toMillis()))
                .timeout(WAIT.plusSeconds(5))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (response != null && response.statusCode() == 200) {
                        JsonNode view = JSON.readTree(response.body());
                        order.status = view.path("status").asString();
                        order.version = view.path("version").asLong();
                        order.visible = Instant.now();
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (Instant.now().isAfter(order.due.plus(GIVE_UP))) {
                        order.failure = "never visible at version " + FINAL_VERSION;
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    // 503 (not there yet, or PostgreSQL away), or an instance that is gone: soon, on the other one.
                    return later().thenCompose(retry -> watch(order, instance + 1));
                })
                .thenCompose(next -> next);
    }

    private static CompletableFuture<Void> later() {
        return CompletableFuture.runAsync(
                () -> {}, CompletableFuture.delayedExecutor(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        http.close();
    }
}
