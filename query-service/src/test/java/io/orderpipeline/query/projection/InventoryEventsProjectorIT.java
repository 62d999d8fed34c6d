package io.orderpipeline.query.projection;

import static io.orderpipeline.query.StockEvents.newProduct;
import static io.orderpipeline.query.StockEvents.partitionOf;
import static io.orderpipeline.query.StockEvents.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.query.DeadLetters;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.InventoryEventsTopic;
import io.orderpipeline.query.OrderEventsTopic;
import io.orderpipeline.query.QueryApplication;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.query.StockEvents;
import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

@QueryServiceTest
class InventoryEventsProjectorIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    Http http;
    StockEvents events;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new StockEvents(kafka);
    }

    @Test
    void projectsTheNewestVersionOfEachProductAndDuplicatesOrOlderVersionsChangeNothing() {
        String product = newProduct();
        StockEvent received = stock(product, 1, 10, 0);
        StockEvent reserved = stock(product, 2, 10, 1);
        StockEvent newest = stock(product, 3, 10, 2);
        events.publish(received, reserved, newest);
        JsonNode projected = awaitStock(product, 3);
        assertThat(projected.get("onHand").asLong()).isEqualTo(10);
        assertThat(projected.get("reserved").asLong()).isEqualTo(2);
        assertThat(projected.get("available").asLong()).isEqualTo(8);
        assertThat(projected.get("changedAt").asString())
                .isEqualTo(newest.occurredAt().toString());
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM inventory WHERE product = ?", product);
        double appliedBefore = applied();

        // Older versions read after the newest (a batch of its own, so only the stored version can refuse them),
        // then the newest again.
        events.publish(reserved, received);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied() >= appliedBefore + 2);
        assertThat(jdbc.queryForMap("SELECT * FROM inventory WHERE product = ?", product))
                .isEqualTo(row);
        events.publish(newest);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied() >= appliedBefore + 3);
        assertThat(jdbc.queryForMap("SELECT * FROM inventory WHERE product = ?", product))
                .isEqualTo(row);

        // A newer version read after them moves the row on.
        events.publish(stock(product, 4, 12, 2));
        assertThat(awaitStock(product, 4).get("available").asLong()).isEqualTo(10);
    }

    @Test
    void storesTheNextOffsetsWithTheRowsSoTheLagIsZeroAtRest() throws Exception {
        String product = newProduct();
        events.publish(stock(product, 1, 4, 0), stock(product, 2, 4, 4));
        awaitStock(product, 2);

        int partition = partitionOf(product);
        long end = endOffset(partition);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> jdbc.queryForObject(
                                "SELECT next_offset FROM projection_offsets WHERE topic = ? AND partition = ?",
                                Long.class,
                                Topics.INVENTORY_EVENTS,
                                partition),
                        next -> next == end);
        JsonNode inventory = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/projection").json().get("inventory"),
                        json -> json.get("totalLag").asLong() == 0);
        assertThat(inventory.get("topic").asString()).isEqualTo(Topics.INVENTORY_EVENTS);
        assertThat(inventory.get("partitions")).hasSize(InventoryEventsTopic.PARTITIONS);
        JsonNode state = inventory.get("partitions").get(partition);
        assertThat(state.get("storedOffset").asLong()).isEqualTo(end);
        assertThat(state.get("endOffset").asLong()).isEqualTo(end);
        assertThat(state.get("state").asString()).isEqualTo("running");
        // The orders' lag stays where it was: at the top level, for orders.events only.
        assertThat(http.get("/projection").json().get("topic").asString()).isEqualTo(Topics.ORDER_EVENTS);
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndProjectsTheNextOne() {
        String product = newProduct();
        events.publishRaw(product, "{not json".getBytes(StandardCharsets.UTF_8));
        // Same key, so same partition, right behind the unreadable record.
        events.publish(stock(product, 1, 7, 0));

        assertThat(awaitStock(product, 1).get("onHand").asLong()).isEqualTo(7);
        try (var deadLetters = new DeadLetters(
                String.join(",", kafkaConnection.getBootstrapServers()),
                Topics.INVENTORY_EVENTS + Topics.DEAD_LETTER_SUFFIX)) {
            var unreadable = deadLetters.awaitKey(product);
            assertThat(new String(unreadable.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(DeadLetters.header(unreadable, DeadLetterHeaders.REASON)).startsWith("not JSON");
            assertThat(DeadLetters.header(unreadable, "kafka_dlt-original-topic"))
                    .isEqualTo(Topics.INVENTORY_EVENTS);
            assertThat(unreadable.partition()).isEqualTo(partitionOf(product));
        }
        JsonNode counted = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLetterTopic(Topics.INVENTORY_EVENTS + Topics.DEAD_LETTER_SUFFIX),
                        topic -> topic.get("records").asLong() > 0);
        assertThat(counted.get("lastReason").asString()).startsWith("not JSON");
    }

    @Test
    void aRestartSeeksToTheOffsetsStoredWithTheRowsAndReappliesNothing() {
        String before = newProduct();
        events.publish(stock(before, 1, 3, 0));
        awaitStock(before, 1);
        var container = listeners.getListenerContainer(InventoryEventsProjector.LISTENER_ID);
        container.stop();
        try (var restarted = QueryApplication.application()
                .sources(KafkaInfrastructure.class, PostgresInfrastructure.class, OrderEventsTopic.class)
                // A new consumer group has no committed offsets in Kafka: only PostgreSQL can say where to go on.
                .run(
                        "--server.port=0",
                        "--spring.jmx.enabled=false",
                        "--spring.kafka.consumer.group-id=query-service-restart-" + UUID.randomUUID())) {
            MeterRegistry restartedMeters = restarted.getBean(MeterRegistry.class);
            InventoryEventsProjector restartedProjector = restarted.getBean(InventoryEventsProjector.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> restartedProjector.partitions().size() == InventoryEventsTopic.PARTITIONS);

            String after = newProduct();
            events.publish(stock(after, 1, 5, 0));
            awaitStock(after, 1);

            assertThat(count(restartedMeters, "applied")).isEqualTo(1);
            assertThat(count(restartedMeters, "already-stored")).isZero();
        } finally {
            container.start();
        }
        assertThat(http.get("/inventory/" + before).json().get("onHand").asLong())
                .isEqualTo(3);
    }

    private JsonNode deadLetterTopic(String name) {
        for (JsonNode topic : http.get("/dead-letters").json().get("topics")) {
            if (topic.get("topic").asString().equals(name)) {
                return topic;
            }
        }
        throw new AssertionError("no " + name + " in GET /dead-letters");
    }

    private JsonNode awaitStock(String product, long version) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/inventory/" + product),
                        response -> response.status() == 200
                                && response.json().get("version").asLong() == version)
                .json();
    }

    private double applied() {
        return count(meters, "applied");
    }

    private static double count(MeterRegistry registry, String outcome) {
        return registry.get("query.inventory.events")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private long endOffset(int partition) throws Exception {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            var partitionOf = new TopicPartition(Topics.INVENTORY_EVENTS, partition);
            return admin.listOffsets(Map.of(partitionOf, OffsetSpec.latest()))
                    .partitionResult(partitionOf)
                    .get()
                    .offset();
        }
    }
}
