package io.orderpipeline.query.order.web;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

@QueryServiceTest
class OrderQueriesIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    OrderEvents events;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new OrderEvents(kafka);
    }

    @Test
    void projectsTheEventsOfAnOrderIntoItsCurrentView() {
        String orderId = newOrderId();
        events.publish(
                created(orderId, "c-view", "laptop", 2),
                envelope(orderId, 2, new OrderProcessingRequested("c-view", "laptop", 2)),
                envelope(orderId, 3, new OrderProcessed()),
                envelope(orderId, 4, new OrderShipped()));

        Http.Response order = http.awaitVersion(orderId, 4);

        assertThat(order.json().get("orderId").asString()).isEqualTo(orderId);
        assertThat(order.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(order.json().get("customerId").asString()).isEqualTo("c-view");
        assertThat(order.json().get("product").asString()).isEqualTo("laptop");
        assertThat(order.json().get("quantity").asInt()).isEqualTo(2);
        assertThat(order.json().get("createdAt").asString()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(order.json().get("shippedAt").asString()).isEqualTo("2026-01-01T00:04:00Z");
        assertThat(order.json().get("deliveredAt").isNull()).isTrue();
    }

    @Test
    void keepsTheReasonOfACancellationAndListsTheOrder() {
        String orderId = newOrderId();
        events.publish(
                created(orderId, "c-cancel", "phone", 1), envelope(orderId, 2, new OrderCancelled("changed mind")));

        Http.Response order = http.awaitVersion(orderId, 2);
        assertThat(order.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.json().get("reason").asString()).isEqualTo("changed mind");

        Http.Response list = http.get("/orders?customerId=c-cancel");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("orderId").asString()).isEqualTo(orderId);
        // The defaults, and the sort as it was applied: newest first, then the id that keeps pages apart.
        assertThat(list.json().get("page").asInt()).isZero();
        assertThat(list.json().get("size").asInt()).isEqualTo(20);
        assertThat(list.json().get("totalPages").asInt()).isEqualTo(1);
        assertThat(list.json().get("sort").toString()).isEqualTo("[\"createdAt,desc\",\"orderId,asc\"]");
    }

    @Test
    void answersAnUnknownOrderWithAProblem() {
        Http.Response response = http.get("/orders/no-such-order");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("no-such-order");
    }

    @Test
    void filtersPagesAndSortsWithATotalCountAndAStableOrder() {
        String customer = "c-page-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int quantity : new int[] {3, 1, 3, 2, 3}) {
            String orderId = newOrderId();
            ids.add(orderId);
            events.publish(created(orderId, customer, quantity == 2 ? "phone" : "laptop", quantity));
        }
        events.publish(envelope(ids.get(0), 2, new OrderCancelled("changed mind")));
        http.awaitVersion(ids.get(0), 2);
        ids.forEach(id -> http.awaitVersion(id, id.equals(ids.get(0)) ? 2 : 1));

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Http.Response response =
                    http.get("/orders?customerId=" + customer + "&size=2&sort=quantity,desc&page=" + page);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("totalElements").asLong()).isEqualTo(5);
            assertThat(response.json().get("totalPages").asInt()).isEqualTo(3);
            assertThat(response.json().get("page").asInt()).isEqualTo(page);
            assertThat(response.json().get("size").asInt()).isEqualTo(2);
            assertThat(response.json().get("sort").toString()).isEqualTo("[\"quantity,desc\",\"orderId,asc\"]");
            response.json()
                    .get("items")
                    .forEach(item -> seen.add(item.get("orderId").asString()));
        }
        // Every order exactly once across the pages, by quantity and then by id for the three equal quantities.
        List<String> quantity3 = ids.stream()
                .filter(id -> !id.equals(ids.get(1)) && !id.equals(ids.get(3)))
                .sorted()
                .toList();
        List<String> expected = new ArrayList<>(quantity3);
        expected.add(ids.get(3));
        expected.add(ids.get(1));
        assertThat(seen).containsExactlyElementsOf(expected);

        Http.Response pastTheEnd = http.get("/orders?customerId=" + customer + "&size=2&page=3");
        assertThat(pastTheEnd.json().get("items")).isEmpty();
        assertThat(pastTheEnd.json().get("totalElements").asLong()).isEqualTo(5);
        assertThat(pastTheEnd.json().get("totalPages").asInt()).isEqualTo(3);

        Http.Response cancelled = http.get("/orders?customerId=" + customer + "&status=CANCELLED");
        assertThat(cancelled.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(cancelled.json().get("items").get(0).get("orderId").asString())
                .isEqualTo(ids.get(0));
        Http.Response phones = http.get("/orders?customerId=" + customer + "&product=phone");
        assertThat(phones.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(phones.json().get("items").get(0).get("orderId").asString()).isEqualTo(ids.get(3));
        Http.Response allThree = http.get("/orders?customerId=" + customer + "&product=laptop&status=CREATED");
        assertThat(allThree.json().get("items").findValuesAsString("orderId"))
                .containsExactlyInAnyOrderElementsOf(ids.subList(1, 5).stream()
                        .filter(id -> !id.equals(ids.get(3)))
                        .toList());
    }

    @ParameterizedTest
    @CsvSource({
        "size=101, size",
        "size=0, size",
        "page=-1, page",
        "page=two, page",
        "status=LOST, status",
        "sort=price, sort",
        "sort=quantity;sideways, sort",
        "customerId=%20, customerId",
        "customerId=%00, customerId",
        "product=a%00b, product"
    })
    void refusesAnInvalidParameterWithAProblemNamingIt(String query, String parameter) {
        Http.Response response = http.get("/orders?" + query.replace(';', ','));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("parameter").asString()).isEqualTo(parameter);
        assertThat(response.json().get("detail").asString()).contains("'" + parameter + "'");
    }

    @Test
    void answersTheStatusTimelineOfAnOrder() {
        String orderId = newOrderId();
        events.publish(
                created(orderId, "c-history", "laptop", 1),
                envelope(orderId, 2, new OrderProcessingRequested("c-history", "laptop", 1)),
                envelope(orderId, 3, new OrderRejected("out of stock")));
        http.awaitVersion(orderId, 3);

        Http.Response history = http.get("/orders/" + orderId + "/history");

        assertThat(history.status()).isEqualTo(200);
        List<String> steps = new ArrayList<>();
        history.json()
                .forEach(step -> steps.add(step.get("version").asLong() + ":"
                        + step.get("eventType").asString() + ":"
                        + step.get("status").asString()));
        assertThat(steps)
                .containsExactly(
                        "1:OrderCreated:CREATED", "2:OrderProcessingRequested:PROCESSING", "3:OrderRejected:REJECTED");
        assertThat(history.json().get(2).get("reason").asString()).isEqualTo("out of stock");
        assertThat(history.json().get(0).get("occurredAt").asString()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(http.get("/orders/no-such-order/history").status()).isEqualTo(404);
    }

    @Test
    void answersTheHopTimesOfEachEvent() {
        String orderId = newOrderId();
        Instant createdPublished = events.publishWithHeaders(
                created(orderId, "c-hops", "laptop", 1), Map.of(EventHeaders.COMMITTED_AT, "2026-01-01T00:01:00.123Z"));
        Instant requestedPublished = events.publishWithHeaders(
                envelope(orderId, 2, new OrderProcessingRequested("c-hops", "laptop", 1)),
                Map.of(EventHeaders.COMMITTED_AT, "not an instant"));
        Instant processedPublished = events.publishWithHeaders(
                envelope(orderId, 3, new OrderProcessed()),
                Map.of(
                        EventHeaders.COMMITTED_AT, "2026-01-01T00:03:00.300Z",
                        EventHeaders.DECIDED_AT, "2026-01-01T00:02:59.900Z"));
        http.awaitVersion(orderId, 3);

        JsonNode history = http.get("/orders/" + orderId + "/history").json();

        assertThat(history.get(0).get("committedAt").asString()).isEqualTo("2026-01-01T00:01:00.123Z");
        assertThat(history.get(0).has("decidedAt")).isFalse();
        // An unreadable header leaves its hop out and never stops the event.
        assertThat(history.get(1).has("committedAt")).isFalse();
        assertThat(history.get(2).get("committedAt").asString()).isEqualTo("2026-01-01T00:03:00.300Z");
        assertThat(history.get(2).get("decidedAt").asString()).isEqualTo("2026-01-01T00:02:59.900Z");
        List<Instant> published = List.of(createdPublished, requestedPublished, processedPublished);
        for (int i = 0; i < 3; i++) {
            Instant publishedAt =
                    Instant.parse(history.get(i).get("publishedAt").asString());
            assertThat(publishedAt).isEqualTo(published.get(i));
            assertThat(Instant.parse(history.get(i).get("projectedAt").asString()))
                    .isAfterOrEqualTo(publishedAt);
        }
    }

    @Test
    void countsOrdersByStatus() {
        JsonNode before = http.get("/orders/stats").json();
        String created = newOrderId();
        String cancelled = newOrderId();
        events.publish(created(created, "c-stats", "laptop", 1), created(cancelled, "c-stats", "laptop", 1));
        events.publish(envelope(cancelled, 2, new OrderCancelled("changed mind")));
        http.awaitVersion(cancelled, 2);
        http.awaitVersion(created, 1);

        JsonNode after = http.get("/orders/stats").json();

        assertThat(after.get("total").asLong()).isEqualTo(before.get("total").asLong() + 2);
        assertThat(after.get("byStatus").get("CREATED").asLong())
                .isEqualTo(before.get("byStatus").get("CREATED").asLong() + 1);
        assertThat(after.get("byStatus").get("CANCELLED").asLong())
                .isEqualTo(before.get("byStatus").get("CANCELLED").asLong() + 1);
        assertThat(after.get("byStatus").get("DELIVERED").asLong())
                .isEqualTo(before.get("byStatus").get("DELIVERED").asLong());
    }

    @Test
    void waitsForTheVersionAskedForAndAnswersOnceItIsApplied() {
        String orderId = newOrderId();
        events.publish(created(orderId, "c-ryw", "laptop", 1));
        http.awaitVersion(orderId, 1);

        CompletableFuture<Http.Response> waiting = http.getAsync("/orders/" + orderId + "?minVersion=2&waitMs=10000");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        events.publish(envelope(orderId, 2, new OrderProcessingRequested("c-ryw", "laptop", 1)));

        Http.Response response = waiting.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("version").asLong()).isEqualTo(2);
        assertThat(response.json().get("status").asString()).isEqualTo("PROCESSING");
    }

    @Test
    void answers503WithRetryAfterAndTheCurrentVersionWhenTheVersionDoesNotArriveInTime() {
        String orderId = newOrderId();
        events.publish(created(orderId, "c-ryw", "laptop", 1));
        http.awaitVersion(orderId, 1);

        Http.Response response = http.get("/orders/" + orderId + "?minVersion=5&waitMs=300");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(response.json().get("requestedVersion").asLong()).isEqualTo(5);
        assertThat(http.get("/orders/" + orderId + "?minVersion=1").status()).isEqualTo(200);
        Http.Response tooLong = http.get("/orders/" + orderId + "?minVersion=2&waitMs=10001");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("parameter").asString()).isEqualTo("waitMs");
    }

    @Test
    void alsoAnswersAWaiterWhenAnotherInstanceCommittedTheVersion() {
        String orderId = newOrderId();
        CompletableFuture<Http.Response> waiting = http.getAsync("/orders/" + orderId + "?minVersion=1&waitMs=10000");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

        try {
            // Written as another instance's projection would: this instance's projector never sees the event.
            jdbc.update(
                    "INSERT INTO orders (order_id, customer_id, product, quantity, status, version, created_at, updated_at)"
                            + " VALUES (?, 'c-other', 'lamp', 1, 'CREATED', 1, now(), now())",
                    orderId);

            Http.Response response = waiting.orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("product").asString()).isEqualTo("lamp");
        } finally {
            // The row has no event in the log: leave nothing a rebuild-equality check could trip over.
            jdbc.update("DELETE FROM orders WHERE order_id = ?", orderId);
        }
    }
}
