package io.orderpipeline.orders.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An operator sends an order's stream again: the whole of it, in version order, for the bearer of the token only. */
@OrdersServiceTest
class AdminRepublishIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    private OrdersClient orders;

    @BeforeEach
    void setUp() {
        orders = new OrdersClient(port);
    }

    @Test
    void republishesTheWholeStreamInVersionOrder() {
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "changed my mind"));
        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            events.awaitEvents(List.of(orderId), 2);

            ResponseEntity<Map> answer = orders.post("/admin/orders/" + orderId + "/republish", null, token());

            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(answer.getBody()).containsEntry("orderId", orderId).containsEntry("commits", 2);
            List<Long> versions = events.awaitEvents(List.of(orderId), 4).stream()
                    .map(EventEnvelope::version)
                    .toList();
            assertThat(versions).containsExactly(1L, 2L, 1L, 2L);
        }
    }

    @Test
    void anUnknownOrderIsNotFound() {
        ResponseEntity<Map> answer = orders.post("/admin/orders/no-such-order/republish", null, token());

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void withoutTheTokenNothingIsRepublished() {
        String orderId = orders.createOrder();
        HttpHeaders wrong = new HttpHeaders();
        wrong.setBearerAuth("not-the-token");

        ResponseEntity<Map> anonymous = orders.post("/admin/orders/" + orderId + "/republish", null);
        ResponseEntity<Map> wrongToken = orders.post("/admin/orders/" + orderId + "/republish", null, wrong);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(wrongToken.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(wrongToken.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static HttpHeaders token() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(OrdersServiceTest.ADMIN_TOKEN);
        return headers;
    }
}
