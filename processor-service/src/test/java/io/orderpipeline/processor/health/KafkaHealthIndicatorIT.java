package io.orderpipeline.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.processor.Actuator;
import io.orderpipeline.processor.ProcessorServiceTest;
import java.net.http.HttpResponse;
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
        HttpResponse<String> response = Actuator.get(port, "health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode kafka = JSON.readTree(response.body()).path("components").path("kafka");
        assertThat(kafka.path("status").asString()).isEqualTo("UP");
        assertThat(kafka.path("details").path("clusterId").asString()).isNotBlank();
        assertThat(kafka.path("details").path("nodes").asInt()).isEqualTo(1);
    }

    @Test
    void readinessDependsOnKafka() {
        HttpResponse<String> response = Actuator.get(port, "health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode readiness = JSON.readTree(response.body());
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void readinessDependsOnTheRunningTopology() {
        JsonNode streams = JSON.readTree(Actuator.get(port, "health/readiness").body())
                .path("components")
                .path("kafkaStreams");

        assertThat(streams.path("status").asString()).isEqualTo("UP");
        assertThat(streams.path("details").path("state").asString()).isIn("RUNNING", "REBALANCING");
    }
}
