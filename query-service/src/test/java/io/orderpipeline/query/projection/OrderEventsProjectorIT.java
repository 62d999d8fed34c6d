package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static io.orderpipeline.query.OrderEvents.partitionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.query.DeadLetters;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.OrderEventsTopic;
import io.orderpipeline.query.QueryApplication;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

@QueryServiceTest
class OrderEventsProjectorIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    Http http;
    OrderEvents events;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new OrderEvents(kafka);
    }

    @Test
    void duplicatesProducedStraightOntoTheTopicChangeNothing() {
        String orderId = newOrderId();
        EventEnvelope[] stream = {
            created(orderId, "c-dup", "laptop", 1),
            envelope(orderId, 2, new OrderProcessingRequested("c-dup", "laptop", 1)),
            envelope(orderId, 3, new OrderProcessed())
        };
        events.publish(stream);
        http.awaitVersion(orderId, 3);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM orders WHERE order_id = ?", orderId);
        List<Map<String, Object>> history =
                jdbc.queryForList("SELECT * FROM order_history WHERE order_id = ? ORDER BY version", orderId);
        double duplicatesBefore = count("duplicate");

        // The same events again (a relay that resent them), and another event claiming an applied version.
        events.publish(stream);
        events.publish(envelope(orderId, 3, new OrderCancelled("a second event with version 3")));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("duplicate") >= duplicatesBefore + 4);
        assertThat(jdbc.queryForMap("SELECT * FROM orders WHERE order_id = ?", orderId))
                .isEqualTo(row);
        assertThat(jdbc.queryForList("SELECT * FROM order_history WHERE order_id = ? ORDER BY version", orderId))
                .isEqualTo(history)
                .hasSize(3);
        assertThat(http.get("/orders/" + orderId).json().get("status").asString())
                .isEqualTo("PROCESSED");
    }

    @Test
    void sendsUnreadableRecordsToTheDeadLetterTopicAndParksEventsTheirStreamCannotHave() {
        String poisoned = newOrderId();
        String orphan = newOrderId();
        events.publishRaw(poisoned, "{not json".getBytes(StandardCharsets.UTF_8));
        events.publish(envelope(orphan, 1, new OrderShipped()));
        // Same key, so same partition, right behind the unreadable record.
        events.publish(created(poisoned, "c-dlt", "phone", 1));

        http.awaitVersion(poisoned, 1);
        try (var deadLetters = new DeadLetters(String.join(",", kafkaConnection.getBootstrapServers()))) {
            var unreadable = deadLetters.awaitKey(poisoned);
            assertThat(new String(unreadable.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(DeadLetters.header(unreadable, DeadLetterHeaders.REASON)).contains("not JSON");
            assertThat(DeadLetters.header(unreadable, "kafka_dlt-original-topic"))
                    .isEqualTo(Topics.ORDER_EVENTS);
        }
        Http.Response parked = await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/admin/parked/" + orphan, QueryServiceTest.ADMIN_TOKEN), r -> r.status() == 200);
        assertThat(parked.json().get("parked").get("cause").asString()).isEqualTo("UNPROJECTABLE");
        assertThat(parked.json().get("parked").get("reason").asString())
                .contains("starts with OrderShipped")
                .contains("not with OrderCreated");
        Http.Response missing = http.get("/orders/" + orphan);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("parked").get("firstParkedVersion").asLong())
                .isEqualTo(1);
    }

    @Test
    void storesTheOffsetOfADeadLetteredRecordSoTheLagIsZeroAtRest() {
        String key = newOrderId();
        int partition = partitionOf(key);
        events.publish(created(key, "c-lag", "laptop", 1));
        http.awaitVersion(key, 1);
        // The last record of its partition, unreadable.
        events.publishRaw(key, "{still not json".getBytes(StandardCharsets.UTF_8));

        try (var deadLetters = new DeadLetters(String.join(",", kafkaConnection.getBootstrapServers()))) {
            deadLetters.awaitKey(key);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(partitionState(partition).get("lag").asLong())
                                .isZero());
    }

    @Test
    void parksAnOrderAtAMissingVersionWhileItsPartitionFlowsAndDrainsItWhenTheVersionArrives() {
        String orderId = newOrderId();
        int partition = partitionOf(orderId);
        String behindTheGap = orderIdIn(partition);
        events.publish(
                created(orderId, "c-gap", "laptop", 1),
                envelope(orderId, 3, new OrderProcessed()),
                created(behindTheGap, "c-gap", "phone", 1),
                envelope(orderId, 4, new OrderShipped()));

        // The partition goes on: the order behind the gap is projected.
        http.awaitVersion(behindTheGap, 1);
        JsonNode parked = await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/admin/parked/" + orderId, QueryServiceTest.ADMIN_TOKEN), r -> r.status() == 200)
                .json();
        assertThat(parked.get("parked").get("cause").asString()).isEqualTo("GAP");
        assertThat(parked.get("parked").get("reason").asString())
                .contains(orderId)
                .contains("version 2 is missing");
        assertThat(parked.get("parked").get("firstParkedVersion").asLong()).isEqualTo(3);
        assertThat(parked.get("parked").get("waitingEvents").asLong()).isEqualTo(2);
        Http.Response view = http.get("/orders/" + orderId);
        assertThat(view.json().get("version").asLong()).isEqualTo(1);
        assertThat(view.json().get("parked").get("firstParkedVersion").asLong()).isEqualTo(3);
        assertThat(partitionState(partition).get("parkedOrders").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(partitionState(partition).get("state").asString()).isEqualTo("running");
        assertThat(http.get("/projection").json().get("parked").get("list").toString())
                .contains(orderId);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        meters.get("query.projection.parked.orders").gauge().value() >= 1);

        // The missing version turns up (here on another partition, as after a change of the partition count).
        events.publishTo(
                (partition + 1) % OrderEventsTopic.PARTITIONS,
                envelope(orderId, 2, new OrderProcessingRequested("c-gap", "laptop", 1)));

        Http.Response order = http.awaitVersion(orderId, 4);
        assertThat(order.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(order.json().has("parked")).isFalse();
        assertThat(http.get("/admin/parked/" + orderId, QueryServiceTest.ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
        assertThat(jdbc.queryForList(
                        "SELECT version FROM order_history WHERE order_id = ? ORDER BY version", Long.class, orderId))
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRestartSeeksToTheOffsetsStoredWithTheModelAndReappliesNothing() {
        String before = newOrderId();
        events.publish(created(before, "c-restart", "laptop", 1));
        http.awaitVersion(before, 1);
        var container = listeners.getListenerContainer(OrderEventsProjector.LISTENER_ID);
        container.stop();
        try (var restarted = QueryApplication.application()
                .sources(KafkaInfrastructure.class, PostgresInfrastructure.class, OrderEventsTopic.class)
                // A new consumer group has no committed offsets in Kafka: only PostgreSQL can say where to go on.
                // Arguments, not default properties: those lose to query-service.yml's port.
                .run(
                        "--server.port=0",
                        "--spring.jmx.enabled=false",
                        "--spring.kafka.consumer.group-id=query-service-restart-" + UUID.randomUUID())) {
            MeterRegistry restartedMeters = restarted.getBean(MeterRegistry.class);
            ProjectionStatus restartedStatus = restarted.getBean(ProjectionStatus.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> restartedStatus.partitions().size() == OrderEventsTopic.PARTITIONS);

            String after = newOrderId();
            events.publish(created(after, "c-restart", "phone", 1));
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            jdbc.queryForObject("SELECT count(*) FROM orders WHERE order_id = ?", Long.class, after)
                                    == 1);

            assertThat(count(restartedMeters, "applied")).isEqualTo(1);
            assertThat(count(restartedMeters, "duplicate")).isZero();
            assertThat(count(restartedMeters, "already-stored")).isZero();
        } finally {
            container.start();
        }
        assertThat(http.get("/orders/" + before).json().get("version").asLong()).isEqualTo(1);
    }

    private JsonNode partitionState(int partition) {
        for (JsonNode state : http.get("/projection").json().get("partitions")) {
            if (state.get("partition").asInt() == partition) {
                return state;
            }
        }
        throw new AssertionError("no partition " + partition + " in GET /projection");
    }

    private static String orderIdIn(int partition) {
        String orderId = newOrderId();
        while (partitionOf(orderId) != partition) {
            orderId = newOrderId();
        }
        return orderId;
    }

    private double count(String outcome) {
        return count(meters, outcome);
    }

    private static double count(MeterRegistry registry, String outcome) {
        return registry.get("query.projection.events")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
