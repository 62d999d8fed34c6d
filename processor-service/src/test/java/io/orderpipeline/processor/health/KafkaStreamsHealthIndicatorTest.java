package io.orderpipeline.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

class KafkaStreamsHealthIndicatorTest {

    private final KafkaStreamsHealthIndicator indicator =
            new KafkaStreamsHealthIndicator(new StreamsBuilderFactoryBean());

    @Test
    void isDownWhileTheTopologyHasNotStarted() {
        Health health = indicator.health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "CREATED");
    }

    @Test
    void isDownWhileTheFirstAssignmentIsRestoredAndUpOnceItRuns() {
        indicator.onChange(State.REBALANCING, State.CREATED);
        Health restoring = health(State.REBALANCING);
        indicator.onChange(State.RUNNING, State.REBALANCING);
        Health running = health(State.RUNNING);

        assertThat(restoring.getStatus()).isEqualTo(Status.DOWN);
        assertThat(restoring.getDetails()).containsEntry("reason", "restoring its stores before its first run");
        assertThat(running.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void staysUpThroughALaterRebalanceAndIsDownAgainAfterAStop() {
        indicator.onChange(State.REBALANCING, State.CREATED);
        indicator.onChange(State.RUNNING, State.REBALANCING);
        indicator.onChange(State.REBALANCING, State.RUNNING);
        Health rebalancing = health(State.REBALANCING);
        indicator.onChange(State.PENDING_SHUTDOWN, State.REBALANCING);
        indicator.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
        Health stopped = health(State.NOT_RUNNING);
        indicator.onChange(State.REBALANCING, State.CREATED);
        Health restartedAndRestoring = health(State.REBALANCING);

        assertThat(rebalancing.getStatus()).isEqualTo(Status.UP);
        assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
        assertThat(restartedAndRestoring.getStatus()).isEqualTo(Status.DOWN);
    }

    private Health health(State state) {
        Health.Builder builder = new Health.Builder();
        indicator.describe(state, builder);
        return builder.build();
    }
}
