package io.orderpipeline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@OrdersServiceTest
class OpenApiIT {

    @LocalServerPort
    int port;

    @Test
    void describesEveryCommandAndQueryEndpoint() {
        ResponseEntity<Map> description = new OrdersClient(port).getJson("/v3/api-docs");

        assertThat(description.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) description.getBody().get("paths"))
                .containsKeys(
                        "/orders",
                        "/orders/{orderId}/process",
                        "/orders/{orderId}/ship",
                        "/orders/{orderId}/deliver",
                        "/orders/{orderId}/cancel",
                        "/orders/{orderId}/events",
                        "/orders/{orderId}/state",
                        "/outbox");
        assertThat(description.getBody().toString()).contains("Idempotency-Key", "If-Match");
    }

    @Test
    void servesTheSwaggerUi() {
        ResponseEntity<String> ui = new OrdersClient(port).get("/swagger-ui/index.html");

        assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ui.getBody()).contains("Swagger UI");
    }
}
