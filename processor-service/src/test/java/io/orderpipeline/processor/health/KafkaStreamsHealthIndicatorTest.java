package io.orderpipeline.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

class KafkaStreamsHealthIndicatorTest {

    @Test
    void isDownWhileTheTopologyHasNotStarted() {
        Health health = new KafkaStreamsHealthIndicator(new StreamsBuilderFactoryBean()).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "CREATED");
    }
}
