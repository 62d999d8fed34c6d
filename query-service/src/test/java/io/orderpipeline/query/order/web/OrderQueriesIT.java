package io.orderpipeline.query.order.web;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaOperations;

@QueryServiceTest
class OrderQueriesIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

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

        Http.Response order = awaitVersion(orderId, 4);

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

        Http.Response order = awaitVersion(orderId, 2);
        assertThat(order.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.json().get("reason").asString()).isEqualTo("changed mind");

        Http.Response list = http.get("/orders?customerId=c-cancel");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("orderId").asString()).isEqualTo(orderId);
    }

    @Test
    void answersAnUnknownOrderWithAProblem() {
        Http.Response response = http.get("/orders/no-such-order");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("no-such-order");
    }

    private Http.Response awaitVersion(String orderId, long version) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/orders/" + orderId),
                        response -> response.status() == 200
                                && response.json().get("version").asLong() == version);
    }
}
