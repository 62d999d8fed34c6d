package io.orderpipeline.orders.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.orders.OrdersServiceTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

@OrdersServiceTest
class EventStoreHealthIT {

    @LocalServerPort
    int port;

    @Test
    void reportsTheEventStoreUpOnWhicheverMongoEndpointItRunsAgainst() {
        ResponseEntity<Map> health = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(Map.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).containsEntry("status", "UP");
    }
}
