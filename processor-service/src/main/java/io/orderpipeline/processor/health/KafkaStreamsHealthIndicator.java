package io.orderpipeline.processor.health;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The inventory topology as part of health (and readiness): up while it runs or rebalances (a rebalance is part of
 * running with several instances), down when it has not started, stopped or failed.
 */
@Component("kafkaStreams")
class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        super("Kafka Streams health check failed");
        this.streams = streams;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
        (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING ? builder.up() : builder.down())
                .withDetail("state", state.name());
    }
}
