package io.orderpipeline.processor.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.processor.Actuator;
import io.orderpipeline.processor.ProcessorServiceTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ProcessorServiceTest
class KafkaHealthIndicatorIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void healthShowsTheKafkaConnectionWithTheClusterItReached() {
        HttpResponse<String> response = ready("health");

        JsonNode kafka = JSON.readTree(response.body()).path("components").path("kafka");
        assertThat(kafka.path("status").asString()).isEqualTo("UP");
        assertThat(kafka.path("details").path("clusterId").asString()).isNotBlank();
        assertThat(kafka.path("details").path("nodes").asInt()).isEqualTo(1);
    }

    @Test
    void readinessDependsOnKafka() {
        HttpResponse<String> response = ready("health/readiness");

        JsonNode readiness = JSON.readTree(response.body());
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void readinessDependsOnTheRunningTopology() {
        JsonNode streams = JSON.readTree(ready("health/readiness").body())
                .path("components")
                .path("kafkaStreams");

        assertThat(streams.path("status").asString()).isEqualTo("UP");
        assertThat(streams.path("details").path("state").asString()).isIn("RUNNING", "REBALANCING");
    }

    /** The topology reports ready once its first assignment runs, which may be a moment after the context starts. */
    private HttpResponse<String> ready(String endpoint) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> Actuator.get(port, endpoint), response -> response.statusCode() == 200);
    }
}
