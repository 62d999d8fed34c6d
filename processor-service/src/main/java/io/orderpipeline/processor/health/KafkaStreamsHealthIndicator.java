package io.orderpipeline.processor.health;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The inventory topology as part of health (and readiness): up once it has run, that is once its first assignment's
 * stores are restored, and through later rebalances (a rebalance is part of running with several instances); down
 * before that, and when it has stopped or failed. So a restarted instance reports ready when it decides again, not
 * while it still reads its stores back from their changelogs.
 */
@Component("kafkaStreams")
class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

    private final StreamsBuilderFactoryBean streams;
    private volatile boolean hasRun;

    KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        super("Kafka Streams health check failed");
        this.streams = streams;
        streams.setStateListener(this::onChange);
    }

    void onChange(State now, State before) {
        if (now == State.RUNNING) {
            hasRun = true;
        } else if (!now.isRunningOrRebalancing()) {
            hasRun = false;
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        describe(kafkaStreams == null ? State.CREATED : kafkaStreams.state(), builder);
    }

    void describe(State state, Health.Builder builder) {
        boolean up = state == State.RUNNING || (state == State.REBALANCING && hasRun);
        (up ? builder.up() : builder.down()).withDetail("state", state.name());
        if (state == State.REBALANCING && !hasRun) {
            builder.withDetail("reason", "restoring its stores before its first run");
        }
    }
}
