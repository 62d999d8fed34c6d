package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTest {

    private static final String BEFORE = """
            # HELP mongodb_driver_commands_seconds Timer of mongodb commands
            # TYPE mongodb_driver_commands_seconds summary
            mongodb_driver_commands_seconds_count{collection="commits",command="insert",database="orders",status="SUCCESS"} 10
            mongodb_driver_commands_seconds_count{collection="commits",command="find",database="orders",status="SUCCESS"} 4
            mongodb_driver_commands_seconds_count{collection="commands",command="insert",database="orders",status="SUCCESS"} 3
            mongodb_driver_commands_seconds_sum{collection="commits",command="insert",database="orders",status="SUCCESS"} 0.5
            orders_outbox_backlog 2.0
            """;
    private static final String AFTER = """
            mongodb_driver_commands_seconds_count{collection="commits",command="insert",database="orders",status="SUCCESS"} 40
            mongodb_driver_commands_seconds_count{collection="commits",command="insert",database="orders",status="FAILED"} 1
            mongodb_driver_commands_seconds_count{collection="commits",command="find",database="orders",status="SUCCESS"} 4
            mongodb_driver_commands_seconds_count{collection="commands",command="insert",database="orders",status="SUCCESS"} 18
            mongodb_driver_commands_seconds_count{collection="commits",command="update",database="orders",status="SUCCESS"} 7
            orders_outbox_backlog 0.0
            """;

    @Test
    void aCounterGrowsBySeriesOfTheGivenLabelsWhateverTheOtherLabels() {
        Map<String, Double> delta = Prometheus.parse(AFTER)
                .deltaBy(Prometheus.parse(BEFORE), CostMeter.MONGODB_COMMANDS, "command", "collection");

        assertThat(delta)
                .containsEntry("insert commits", 31.0)
                .containsEntry("insert commands", 15.0)
                .containsEntry("find commits", 0.0)
                .containsEntry("update commits", 7.0)
                .hasSize(4);
    }

    @Test
    void aMetricSumsItsSeriesAndNoOtherMetricsWithTheSamePrefix() {
        Prometheus before = Prometheus.parse(BEFORE);

        assertThat(before.sum(CostMeter.MONGODB_COMMANDS)).isEqualTo(17.0);
        assertThat(before.sum(CostMeter.OUTBOX_BACKLOG)).isEqualTo(2.0);
        assertThat(Prometheus.parse(AFTER).sum(CostMeter.OUTBOX_BACKLOG)).isZero();
        assertThat(Prometheus.NONE.sum(CostMeter.OUTBOX_BACKLOG)).isZero();
    }
}
