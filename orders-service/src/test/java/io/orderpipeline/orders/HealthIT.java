package io.orderpipeline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@OrdersServiceTest
class HealthIT {

    @LocalServerPort
    int port;

    @Test
    void isReadyOnlyWithItsEventStore() {
        ResponseEntity<Map> readiness = new OrdersClient(port).getJson("/actuator/health/readiness");

        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody()).containsEntry("status", "UP");
        assertThat((Map<String, Object>) readiness.getBody().get("components"))
                .containsOnlyKeys("readinessState", "mongo");
    }
}
