package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite: the three services as real processes, two instances of each, under an open-loop load of orders
 * (create, then process, idempotent retries). In turn it kills ({@code kill -9}) the outbox lease holder, the other
 * orders-service instance, each processor-service and query-service instance — restarting each 10 s later — then
 * every instance of one service at once (restarted together 10 s later), and freezes PostgreSQL for 30 s. After each fault it stops the load, waits for quiet and checks every order: visible at
 * its final status, read model = event store (the drift check), history without duplicates, each order's events on
 * Kafka in version order, no dead letters. It prints one table and fails on any loss, duplicate or reordering, or on
 * a recovery or start-up over its target. First, on the warmed stack, a processor is killed while 50 orders compete for
 * 10 units of one product: exactly 10 are reserved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    /**
     * A steady flow, not a throughput test (the bench is): two cores run six service JVMs, the broker, the MongoDB
     * stand-in and PostgreSQL, and at this rate they leave a restarting instance about half a core.
     */
    static final double ORDERS_PER_SECOND = 5;

    static final Duration RESTART_AFTER = Duration.ofSeconds(10);
    static final Duration FREEZE_FOR = Duration.ofSeconds(30);
    static final Duration RECOVERY_TARGET = Duration.ofSeconds(5);
    static final Duration READY_TARGET = Duration.ofSeconds(20);
    static final int STEADY_ORDERS = 10;
    static final int WARM_UP_ORDERS = 150;
    static final int STOCK_ORDERS = 50;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Kept after the run (logs of every instance, the stores), wiped before the next. */
    static final Path DATA = Path.of("target/fault-suite").toAbsolutePath();

    static TwoOfEach stack;

    /** What one fault did: the suite's table has one row per fault. */
    record Row(
            String fault,
            int acknowledged,
            int unacknowledged,
            int lost,
            int duplicated,
            int outOfOrder,
            int drift,
            Duration recovery,
            Duration drained,
            Duration ready,
            String failure) {}

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        if (Files.exists(DATA)) {
            try (var files = Files.walk(DATA)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        stack = TwoOfEach.start(DATA);
        warmUp();
    }

    /**
     * Six cold JVMs on two cores spend their first minutes compiling: the same load that runs smoothly later would
     * time out and pile up retries. The faults start once the pipeline has carried a few hundred orders.
     */
    private static void warmUp() {
        try (OrderLoad load = new OrderLoad(stack.urls("orders-service"), stack.urls("query-service"))) {
            load.start(ORDERS_PER_SECOND);
            await().atMost(Duration.ofMinutes(4))
                    .until(() -> load.orders().stream()
                                    .filter(order -> order.visible != null)
                                    .count()
                            >= WARM_UP_ORDERS);
            load.stopSending();
            await().atMost(Duration.ofMinutes(3)).until(load::quiet);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * 50 orders of one unit of a product with 10 in stock are processed at once while processor-1 is killed and
     * restarted: whichever stage of the topology the kill hit, its transaction is aborted and done again, so exactly 10
     * orders are processed, 40 rejected, and the stock the processor keeps and the read model agree.
     */
    @Test
    @Order(1)
    void aProcessorKilledAmidFiftyOrdersForTenInStockStillReservesExactlyTen() throws Exception {
        String product = "speaker";
        List<String> processors = stack.urls("processor-service");
        assertThat(send(processors.getFirst(), "PUT", "/inventory/" + product + "/on-hand", "{\"count\":10}")
                        .statusCode())
                .isEqualTo(200);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < STOCK_ORDERS; i++) {
            String ordersUrl = stack.urls("orders-service").get(i % 2);
            HttpResponse<String> created = send(
                    ordersUrl,
                    "POST",
                    "/orders",
                    "{\"customerId\":\"c-stock\",\"product\":\"" + product + "\",\"quantity\":1}");
            assertThat(created.statusCode()).isEqualTo(201);
            orders.add(JSON.readTree(created.body()).path("orderId").asString());
        }

        // One process command every 100 ms, the kill after the fifth: some reservations are committed, some in flight.
        Instant killed = Instant.now().plusMillis(450);
        try (ScheduledExecutorService clients = Executors.newScheduledThreadPool(4)) {
            List<ScheduledFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                String ordersUrl = stack.urls("orders-service").get(i % 2);
                String path = "/orders/" + orders.get(i) + "/process";
                answers.add(clients.schedule(() -> send(ordersUrl, "POST", path, ""), i * 100L, TimeUnit.MILLISECONDS));
            }
            clients.schedule(
                            () -> {
                                stack.kill("processor-1");
                                return null;
                            },
                            450,
                            TimeUnit.MILLISECONDS)
                    .get();
            for (ScheduledFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
            }
        }
        // processor-2 takes processor-1's partitions over and decides the rest; then processor-1 comes back.
        List<String> statuses = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> statusesOf(orders),
                        found -> found.stream()
                                .allMatch(status ->
                                        Set.of("PROCESSED", "REJECTED").contains(status)));
        Duration decided = Duration.between(killed, Instant.now());
        Duration ready = stack.restart("processor-1");
        String queryUrl = stack.urls("query-service").getFirst();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stock(queryUrl, product)).isEqualTo(List.of(10L, 10L, 0L)));
        List<Long> processorStock = await().atMost(Duration.ofSeconds(30))
                .until(() -> stock(processors.getFirst(), product), found -> !found.isEmpty());
        String row = String.format(
                "%n| kill -9 processor-1 amid %d orders for 10 in stock | processed %d | rejected %d | on hand,"
                        + " reserved, available: read model [10, 10, 0], processor %s | every order decided %.1f s"
                        + " after the kill | processor-1 ready %.1f s |%n",
                orders.size(),
                statuses.stream().filter("PROCESSED"::equals).count(),
                statuses.stream().filter("REJECTED"::equals).count(),
                processorStock,
                decided.toMillis() / 1000.0,
                ready.toMillis() / 1000.0);
        System.out.println(row);
        Files.writeString(DATA.resolve("stock.md"), row);
        assertThat(statuses).filteredOn("PROCESSED"::equals).hasSize(10);
        assertThat(statuses).filteredOn("REJECTED"::equals).hasSize(STOCK_ORDERS - 10);
        assertThat(processorStock).isEqualTo(List.of(10L, 10L, 0L));
    }

    @Test
    @Order(2)
    void nothingIsLostDuplicatedOrReorderedAndEveryFaultHealsInSeconds() throws Exception {
        List<Row> rows = new ArrayList<>();
        String holder = await().atMost(Duration.ofSeconds(30)).until(stack::leaseHolder, name -> name != null);
        String standby = holder.equals("orders-1") ? "orders-2" : "orders-1";
        rows.add(fault("kill -9 " + holder + " (outbox lease holder)", () -> killAndRestart(holder)));
        rows.add(fault("kill -9 " + standby, () -> killAndRestart(standby)));
        for (String name : List.of("processor-1", "processor-2", "query-1", "query-2")) {
            rows.add(fault("kill -9 " + name, () -> killAndRestart(name)));
        }
        for (String service : TwoOfEach.SERVICES) {
            rows.add(fault("kill -9 every " + service + " instance", () -> killEveryInstanceOf(service)));
        }
        rows.add(fault("PostgreSQL frozen " + FREEZE_FOR.toSeconds() + " s", this::freezePostgres));

        String table = table(rows);
        System.out.println(table);
        Files.writeString(DATA.resolve("table.md"), table);

        SoftAssertions soft = new SoftAssertions();
        for (Row row : rows) {
            soft.assertThat(row.failure())
                    .as("%s: the fault run itself", row.fault())
                    .isNull();
            soft.assertThat(row.acknowledged())
                    .as("%s: orders acknowledged", row.fault())
                    .isPositive();
            soft.assertThat(row.unacknowledged())
                    .as("%s: orders never acknowledged despite retries", row.fault())
                    .isZero();
            soft.assertThat(row.lost()).as("%s: lost", row.fault()).isZero();
            soft.assertThat(row.duplicated()).as("%s: duplicated", row.fault()).isZero();
            soft.assertThat(row.outOfOrder())
                    .as("%s: out of order on Kafka", row.fault())
                    .isZero();
            soft.assertThat(row.drift())
                    .as("%s: read model ≠ event store", row.fault())
                    .isZero();
            soft.assertThat(row.recovery()).as("%s: recovery", row.fault()).isLessThanOrEqualTo(RECOVERY_TARGET);
            if (row.ready() != null) {
                soft.assertThat(row.ready())
                        .as("%s: ready after restart", row.fault())
                        .isLessThanOrEqualTo(READY_TARGET);
            }
        }
        soft.assertThat(new KafkaLog(stack.kafka).deadLetters().values())
                .as("dead letters")
                .allMatch(count -> count == 0);
        soft.assertAll();
    }

    /** What a fault does: injects it into the pipeline under load, heals it, and says what it measured. */
    private interface Fault {
        Measured run() throws Exception;
    }

    /** When the pipeline was hurt (a kill) or healed (a thaw), how long a restart took, and the load it ran under. */
    private record Measured(OrderLoad load, Instant from, Duration ready, boolean alone, List<String> startAfter) {
        Measured(OrderLoad load, Instant from, Duration ready) {
            this(load, from, ready, false, List.of());
        }
    }

    /** Runs one fault; a fault that breaks the run still gives a row, so the table always shows every fault. */
    private Row fault(String name, Fault fault) {
        Row row;
        try {
            Measured measured = fault.run();
            try (OrderLoad load = measured.load()) {
                row = settle(name, load, measured.from(), measured.ready(), measured.alone());
            }
            if (!measured.startAfter().isEmpty()) {
                stack.restart(measured.startAfter());
            }
        } catch (Exception | AssertionError e) {
            row = new Row(name, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null, e.toString());
        }
        try {
            Files.writeString(
                    DATA.resolve("rows.md"),
                    table(List.of(row)),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return row;
    }

    private Measured killAndRestart(String instance) throws Exception {
        OrderLoad load = steadyLoad();
        try {
            Instant killed = Instant.now();
            stack.kill(instance);
            await().pollDelay(RESTART_AFTER)
                    .atMost(RESTART_AFTER.plusSeconds(1))
                    .until(() -> true);
            Duration ready = stack.restart(instance);
            return new Measured(load, killed, ready);
        } catch (Exception | AssertionError e) {
            load.close();
            throw e;
        }
    }

    /** The service is gone for 10 s: it must flow again within seconds of being ready (counted from then). */
    private Measured killEveryInstanceOf(String service) throws Exception {
        OrderLoad load = steadyLoad();
        try {
            List<String> names = stack.instances(service).stream()
                    .map(TwoOfEach.Instance::name)
                    .toList();
            for (String name : names) {
                stack.kill(name);
            }
            await().pollDelay(RESTART_AFTER)
                    .atMost(RESTART_AFTER.plusSeconds(1))
                    .until(() -> true);
            // As if it were the only instance: restart one, measure it; the other starts once the row is settled.
            Duration ready = stack.restart(names.getFirst());
            return new Measured(load, Instant.now(), ready, true, names.subList(1, names.size()));
        } catch (Exception | AssertionError e) {
            load.close();
            throw e;
        }
    }

    private Measured freezePostgres() throws Exception {
        OrderLoad load = steadyLoad();
        try {
            stack.freezePostgres();
            await().pollDelay(FREEZE_FOR).atMost(FREEZE_FOR.plusSeconds(1)).until(() -> true);
        } finally {
            stack.thawPostgres();
        }
        return new Measured(load, Instant.now(), null);
    }

    private OrderLoad steadyLoad() {
        OrderLoad load = new OrderLoad(stack.urls("orders-service"), stack.urls("query-service"));
        load.start(ORDERS_PER_SECOND);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> load.orders().stream()
                                .filter(order -> order.visible != null)
                                .count()
                        >= STEADY_ORDERS);
        return load;
    }

    /**
     * Lets the pipeline run healed for a while, stops the load, waits for quiet and checks every order. Recovery is
     * the longest any order waited after the fault ({@code faultAt}: the kill, the thaw); for a service that was
     * gone entirely, the time from its ready instance to the first order through the whole pipeline ({@code alone}),
     * while "drained" always says when the last order delayed by the fault came through.
     */
    private Row settle(String fault, OrderLoad load, Instant faultAt, Duration ready, boolean alone) throws Exception {
        Instant healed = Instant.now();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> load.orders().stream()
                                .filter(order -> order.visible != null && order.due.isAfter(healed))
                                .count()
                        >= STEADY_ORDERS);
        load.stopSending();
        await().atMost(Duration.ofMinutes(3)).until(load::quiet);

        List<OrderLoad.Order> orders = load.orders();
        List<OrderLoad.Order> acknowledged =
                orders.stream().filter(order -> order.acknowledged != null).toList();
        int lost = (int) acknowledged.stream()
                .filter(order -> order.visible == null
                        || order.version != OrderLoad.FINAL_VERSION
                        || !Set.of("PROCESSED", "REJECTED").contains(order.status))
                .count();
        int duplicated = 0;
        for (OrderLoad.Order order : acknowledged) {
            if (!historyVersions(order.orderId).equals(List.of(1L, 2L, 3L))) {
                duplicated++;
            }
        }
        Set<String> phase = new java.util.HashSet<>();
        acknowledged.forEach(order -> phase.add(order.orderId));
        int outOfOrder = (int) new KafkaLog(stack.kafka)
                .outOfOrder().stream().filter(phase::contains).count();
        DriftCheck.Result drift = DriftCheck.run(stack.mongo, "orders", stack.postgres, "postgres", "postgres");
        DriftCheck.print(drift, System.out);
        List<OrderLoad.Order> after = acknowledged.stream()
                .filter(order -> order.visible != null && order.visible.isAfter(faultAt))
                .toList();
        Duration drained = after.stream()
                .map(order -> Duration.between(order.due.isAfter(faultAt) ? order.due : faultAt, order.visible))
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        Duration recovery = alone
                ? after.stream()
                        .map(order -> Duration.between(faultAt, order.visible))
                        .min(Duration::compareTo)
                        .orElse(Duration.ZERO)
                : drained;
        orders.stream()
                .filter(order -> order.failure != null)
                .limit(5)
                .forEach(order -> System.out.println(fault + ": " + order.orderId + " " + order.failure));
        return new Row(
                fault,
                acknowledged.size(),
                orders.size() - acknowledged.size(),
                lost,
                duplicated,
                outOfOrder,
                drift.drifts().size(),
                recovery,
                drained,
                ready,
                null);
    }

    private static HttpResponse<String> send(String base, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TwoOfEach.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (!json.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each order's status in the read model (null while it is not there). */
    private static List<String> statusesOf(List<String> orders) throws Exception {
        String query = stack.urls("query-service").getFirst();
        List<String> statuses = new ArrayList<>();
        for (String orderId : orders) {
            HttpResponse<String> view = send(query, "GET", "/orders/" + orderId, "");
            statuses.add(
                    view.statusCode() == 200
                            ? JSON.readTree(view.body()).path("status").asString()
                            : null);
        }
        return statuses;
    }

    /** On hand, reserved and available of a product, as a service answers {@code GET /inventory/{product}}. */
    private static List<Long> stock(String base, String product) throws Exception {
        HttpResponse<String> answer = send(base, "GET", "/inventory/" + product, "");
        if (answer.statusCode() != 200) {
            return List.of();
        }
        JsonNode stock = JSON.readTree(answer.body());
        return List.of(
                stock.path("onHand").asLong(),
                stock.path("reserved").asLong(),
                stock.path("available").asLong());
    }

    private static List<Long> historyVersions(String orderId) throws Exception {
        for (String query : stack.urls("query-service")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(query + "/orders/" + orderId + "/history"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode entries = JSON.readTree(response.body());
                return StreamSupport.stream(entries.spliterator(), false)
                        .map(entry -> entry.path("version").asLong())
                        .toList();
            }
        }
        return List.of();
    }

    static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder(
                String.format(
                        "%n| fault | acknowledged | unacknowledged | lost | duplicated | out of order | drift | recovery s |"
                                + " drained s | ready s | failure |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|%n"));
        for (Row row : rows) {
            table.append(String.format(
                    "| %s | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %s | %s |%n",
                    row.fault(),
                    row.acknowledged(),
                    row.unacknowledged(),
                    row.lost(),
                    row.duplicated(),
                    row.outOfOrder(),
                    row.drift(),
                    row.recovery().toMillis() / 1000.0,
                    row.drained().toMillis() / 1000.0,
                    row.ready() == null
                            ? "–"
                            : String.format("%.1f", row.ready().toMillis() / 1000.0),
                    row.failure() == null ? "" : row.failure()));
        }
        return table.toString();
    }
}
