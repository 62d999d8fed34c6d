package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** The truth as stored: the stream itself, and the order folded from it as of any instant. */
@OrdersServiceTest
class OrderHistoryIT {

    @LocalServerPort
    int port;

    private OrdersClient orders;

    @BeforeEach
    void setUp() {
        orders = new OrdersClient(port);
    }

    @Test
    void servesTheStreamAsStoredInVersionOrder() {
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "too slow"));

        List<EventEnvelope> events = eventsOf(orderId);

        assertThat(events).extracting(EventEnvelope::version).containsExactly(1L, 2L);
        assertThat(events).extracting(EventEnvelope::type).containsExactly("OrderCreated", "OrderCancelled");
        assertThat(orders.get("/orders/" + UUID.randomUUID() + "/events").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void foldsTheOrderAsOfAnInstant() {
        String orderId = orders.createOrder();
        Instant created = eventsOf(orderId).getFirst().occurredAt();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(created.plusMillis(1)));
        orders.post("/orders/" + orderId + "/process", null);

        ResponseEntity<Map> then = orders.getJson("/orders/" + orderId + "/state?asOf=" + created);
        ResponseEntity<Map> now = orders.getJson("/orders/" + orderId + "/state");

        assertThat(then.getBody())
                .containsEntry("status", "CREATED")
                .containsEntry("version", 1)
                .containsEntry("customerId", "c-1")
                .containsEntry("product", "laptop")
                .containsEntry("quantity", 2)
                .containsEntry("allowedCommands", List.of("process", "cancel"));
        assertThat(then.getHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(now.getBody())
                .containsEntry("status", "PROCESSING")
                .containsEntry("version", 2)
                .containsEntry("allowedCommands", List.of());
    }

    @Test
    void answersNotFoundBeforeTheOrderExisted() {
        String orderId = orders.createOrder();
        Instant created = eventsOf(orderId).getFirst().occurredAt();

        ResponseEntity<Map> before = orders.getJson("/orders/" + orderId + "/state?asOf=" + created.minusMillis(1));

        assertThat(before.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(before.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAMalformedInstantNamingTheParameter() {
        ResponseEntity<Map> refused = orders.getJson("/orders/" + orders.createOrder() + "/state?asOf=yesterday");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody().get("errors"))
                .isEqualTo(List.of(
                        Map.of("field", "asOf", "reason", "must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z")));
    }

    private List<EventEnvelope> eventsOf(String orderId) {
        ResponseEntity<String> answer = orders.get("/orders/" + orderId + "/events");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return JsonMapper.builder()
                .build()
                .readTree(answer.getBody())
                .valueStream()
                .map(node -> EventCodec.decode(node.toString()))
                .toList();
    }
}
