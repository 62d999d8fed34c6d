package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static io.orderpipeline.query.OrderEvents.partitionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

/** A poison order parks itself, never its partition; an operator sees it and can retry or skip. */
@QueryServiceTest
class ParkedOrdersIT {

    /** The usual lag of the projection here: an order behind a poison one must be visible within it. */
    static final Duration USUAL_LAG = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    Http http;
    OrderEvents events;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new OrderEvents(kafka);
    }

    @Test
    void parksAnOrderPostgresqlCannotStoreWithItsLaterEventsWhileTheOtherOrdersOfItsPartitionFlow() {
        String poison = newOrderId();
        int partition = partitionOf(poison);
        String before = orderIdIn(partition);
        String after = orderIdIn(partition);
        events.publish(
                created(before, "c-before", "laptop", 1),
                // PostgreSQL text cannot hold 0x00: the row of this order is refused.
                created(poison, "a\u0000b", "laptop", 1),
                envelope(poison, 2, new OrderProcessingRequested("a\u0000b", "laptop", 1)),
                created(after, "c-after", "phone", 1),
                envelope(poison, 3, new OrderProcessed()),
                envelope(after, 2, new OrderProcessingRequested("c-after", "phone", 1)));

        await().atMost(USUAL_LAG).until(() -> http.get("/orders/" + before).status() == 200);
        await().atMost(USUAL_LAG)
                .until(() -> http.get("/orders/" + after).status() == 200
                        && http.get("/orders/" + after).json().get("version").asLong() == 2);

        JsonNode detail = parked(poison, 3);
        assertThat(detail.get("parked").get("cause").asString()).isEqualTo("REFUSED");
        assertThat(detail.get("parked").get("reason").asString()).contains("0x00");
        assertThat(detail.get("parked").get("firstParkedVersion").asLong()).isEqualTo(1);
        assertThat(detail.get("parked").get("waitingEvents").asLong()).isEqualTo(3);
        assertThat(detail.get("events").findValuesAsString("eventType"))
                .containsExactly("OrderCreated", "OrderProcessingRequested", "OrderProcessed");
        Http.Response view = http.get("/orders/" + poison);
        assertThat(view.status()).isEqualTo(404);
        assertThat(view.contentType()).startsWith("application/problem+json");
        assertThat(view.json().get("parked").get("cause").asString()).isEqualTo("REFUSED");
        JsonNode projection = http.get("/projection").json();
        assertThat(projection.get("parked").get("orders").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(projection.get("parked").get("list").toString()).contains(poison);
        assertThat(projection
                        .get("partitions")
                        .get(partition)
                        .get("parkedOrders")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        await().atMost(USUAL_LAG)
                .until(() ->
                        meters.get("query.projection.parked.orders").gauge().value() >= 1);
        // The offsets went past the parked events: nothing waits in Kafka.
        await().atMost(USUAL_LAG)
                .until(() ->
                        projection().get("partitions").get(partition).get("lag").asLong() == 0);

        // A retry without a fix parks it again, for the same reason.
        Http.Response retried = http.post("/admin/parked/" + poison + "/retry", QueryServiceTest.ADMIN_TOKEN);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("parked").get("cause").asString()).isEqualTo("REFUSED");
        assertThat(retried.json().get("parked").get("waitingEvents").asLong()).isEqualTo(3);
    }

    @Test
    void aRetryAfterAFixAppliesTheParkedEvents() {
        String orderId = newOrderId();
        String product = "product-" + orderId;
        // A rule the read model's schema enforces, which this order breaks (a CHECK refuses its row).
        jdbc.execute("ALTER TABLE orders ADD CONSTRAINT retry_it CHECK (product <> '" + product + "')");
        try {
            events.publish(
                    created(orderId, "c-retry", product, 1),
                    envelope(orderId, 2, new OrderProcessingRequested("c-retry", product, 1)));
            JsonNode detail = parked(orderId, 2);
            assertThat(detail.get("parked").get("cause").asString()).isEqualTo("REFUSED");
            assertThat(detail.get("parked").get("reason").asString()).contains("retry_it");
        } finally {
            // The fix: the rule goes (a new migration, in real life).
            jdbc.execute("ALTER TABLE orders DROP CONSTRAINT retry_it");
        }

        Http.Response retried = http.post("/admin/parked/" + orderId + "/retry", QueryServiceTest.ADMIN_TOKEN);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("parked").isNull()).isTrue();
        assertThat(http.get("/orders/" + orderId).json().get("version").asLong())
                .isEqualTo(2);
    }

    @Test
    void aSkipStepsOverTheParkedVersionRecordsWhoWhyAndWhenAndAppliesTheRest() {
        String orderId = newOrderId();
        events.publish(
                created(orderId, "c-skip", "desk", 1),
                envelope(orderId, 2, new OrderRejected("bad \u0000 reason")),
                envelope(orderId, 3, new OrderCancelled("customer gave up")));
        JsonNode detail = parked(orderId, 2);
        assertThat(detail.get("parked").get("firstParkedVersion").asLong()).isEqualTo(2);
        assertThat(http.get("/orders/" + orderId).json().get("version").asLong())
                .isEqualTo(1);

        Http.Response refused = http.post("/admin/parked/" + orderId + "/skip", QueryServiceTest.ADMIN_TOKEN, "{}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(http.post("/admin/parked/" + orderId + "/skip", null).status())
                .isEqualTo(401);

        Http.Response skipped = http.post(
                "/admin/parked/" + orderId + "/skip",
                QueryServiceTest.ADMIN_TOKEN,
                "{\"by\":\"ops-anna\",\"reason\":\"rejection text unreadable, superseded by the cancel\"}");
        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.json().get("parked").isNull()).isTrue();
        JsonNode skip = skipped.json().get("skips").get(0);
        assertThat(skip.get("version").asLong()).isEqualTo(2);
        assertThat(skip.get("skipped_by").asString()).isEqualTo("ops-anna");
        assertThat(skip.get("why").asString()).contains("superseded");
        assertThat(skip.get("skipped_at").isNull()).isFalse();
        Http.Response view = http.get("/orders/" + orderId);
        assertThat(view.json().get("version").asLong()).isEqualTo(3);
        assertThat(view.json().get("status").asString()).isEqualTo("CANCELLED");
    }

    /** Waits until the order is parked with this many events. */
    private JsonNode parked(String orderId, long waitingEvents) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> http.get("/admin/parked/" + orderId, QueryServiceTest.ADMIN_TOKEN),
                        r -> r.status() == 200
                                && !r.json().get("parked").isNull()
                                && r.json().get("parked").get("waitingEvents").asLong() == waitingEvents)
                .json();
    }

    private JsonNode projection() {
        return http.get("/projection").json();
    }

    private static String orderIdIn(int partition) {
        String orderId = newOrderId();
        while (partitionOf(orderId) != partition) {
            orderId = newOrderId();
        }
        return orderId;
    }
}
