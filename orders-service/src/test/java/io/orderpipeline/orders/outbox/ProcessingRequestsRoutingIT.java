package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What the relay sends to the processing requests besides {@code orders.events}: the processing request, and the ship
 * or cancel that ends a processed order (the processor consumes or releases its stock); not the cancel of an order
 * that was never processed.
 */
@OrdersServiceTest
class ProcessingRequestsRoutingIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<String, EventEnvelope> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Autowired
    KafkaAdmin admin;

    @Test
    void theShipOfAProcessedOrderGoesToTheProcessor() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = processedOrder(orders);
        assertThat(orders.post("/orders/" + orderId + "/ship", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        assertSentToTheProcessorAsOnOrderEvents(orderId, "OrderShipped", 4);
        assertThat(commit(orderId, 4).getBoolean("forProcessor")).isTrue();
    }

    @Test
    void theCancelOfAProcessedOrderGoesToTheProcessor() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = processedOrder(orders);
        assertThat(orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "too slow"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        assertSentToTheProcessorAsOnOrderEvents(orderId, "OrderCancelled", 4);
        assertThat(commit(orderId, 4).getBoolean("forProcessor")).isTrue();
    }

    /**
     * Read to a marker: a later order's processing request on the cancelled order's partition. The relay sends commits
     * in the order they were made and a partition keeps send order, so a copy of the cancel would arrive before it.
     */
    @Test
    void theCancelOfACreatedOrderDoesNot() {
        OrdersClient orders = new OrdersClient(port);
        String cancelled = orders.createOrder();
        assertThat(orders.post("/orders/" + cancelled + "/cancel", Map.of("reason", "changed my mind"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        int partitions = admin.describeTopics(Topics.PROCESSING_REQUESTS)
                .get(Topics.PROCESSING_REQUESTS)
                .partitions()
                .size();
        String marker = orders.createOrder();
        while (partitionOf(marker, partitions) != partitionOf(cancelled, partitions)) {
            marker = orders.createOrder();
        }
        assertThat(orders.post("/orders/" + marker + "/process", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        String markerId = marker;
        List<ConsumerRecord<String, byte[]>> read;
        try (OrderEventsConsumer requests =
                new OrderEventsConsumer(kafkaConnection.getBootstrapServers(), Set.of(Topics.PROCESSING_REQUESTS))) {
            read = requests.awaitRecords(record -> cancelled.equals(record.key()) || markerId.equals(record.key()), 1);
        }

        assertThat(read).extracting(ConsumerRecord::key).containsOnly(markerId);
        assertThat(text(read.getFirst(), EventHeaders.EVENT_TYPE)).isEqualTo("OrderProcessingRequested");
        assertThat(commit(cancelled, 2).getBoolean("forProcessor")).isFalse();
    }

    /** A commit stored before commits were marked for the processor still has its processing request sent there. */
    @Test
    void aProcessingRequestCommittedWithoutTheMarkStillGoesToTheProcessor() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        EventEnvelope request = new EventEnvelope(
                UUID.randomUUID(),
                orderId,
                2,
                Instant.now(),
                "corr-unmarked",
                "cause-unmarked",
                new OrderProcessingRequested("c-1", "laptop", 2));
        mongo.getCollection("commits")
                .insertOne(new Document("_id", new ObjectId())
                        .append("orderId", orderId)
                        .append("fromVersion", 2L)
                        .append("toVersion", 2L)
                        .append("commandId", UUID.randomUUID().toString())
                        .append("events", List.of(new Document(EventCodec.toFields(request))))
                        .append("committedAt", Date.from(request.occurredAt()))
                        .append("trace", new Document()));

        List<ConsumerRecord<String, byte[]>> read;
        try (OrderEventsConsumer requests =
                new OrderEventsConsumer(kafkaConnection.getBootstrapServers(), Set.of(Topics.PROCESSING_REQUESTS))) {
            read = requests.awaitRecords(record -> orderId.equals(record.key()), 1);
        }

        assertThat(EventCodec.decode(read.getFirst().value())).isEqualTo(request);
    }

    /** Created, processing requested, and the processor's {@code OrderProcessed} recorded: version 3. */
    private String processedOrder(OrdersClient orders) {
        String orderId = orders.createOrder();
        assertThat(orders.post("/orders/" + orderId + "/process", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);
        EventEnvelope outcome = new EventEnvelope(
                UUID.randomUUID(), orderId, 2, Instant.now(), "corr-routing", "cause-routing", new OrderProcessed());
        kafka.send(Topics.PROCESSING_RESULTS, orderId, outcome).join();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "PROCESSED"
                        .equals(orders.getJson("/orders/" + orderId + "/state")
                                .getBody()
                                .get("status")));
        return orderId;
    }

    /** The event reaches the processing requests with the same value and identity headers as on orders.events. */
    private void assertSentToTheProcessorAsOnOrderEvents(String orderId, String type, long version) {
        List<ConsumerRecord<String, byte[]>> read;
        try (OrderEventsConsumer consumer = new OrderEventsConsumer(
                kafkaConnection.getBootstrapServers(), Set.of(Topics.ORDER_EVENTS, Topics.PROCESSING_REQUESTS))) {
            // Versions 1 to 4 on orders.events; the request (2) and the event (4) on the processing requests.
            read = consumer.awaitRecords(record -> orderId.equals(record.key()), 6);
        }
        List<ConsumerRecord<String, byte[]>> requests = read.stream()
                .filter(record -> record.topic().equals(Topics.PROCESSING_REQUESTS))
                .toList();
        assertThat(requests)
                .extracting(record -> text(record, EventHeaders.EVENT_TYPE))
                .containsExactly("OrderProcessingRequested", type);
        ConsumerRecord<String, byte[]> sent = requests.getLast();
        ConsumerRecord<String, byte[]> published = read.stream()
                .filter(record -> record.topic().equals(Topics.ORDER_EVENTS)
                        && type.equals(text(record, EventHeaders.EVENT_TYPE)))
                .findFirst()
                .orElseThrow();
        assertThat(EventCodec.decode(sent.value()).version()).isEqualTo(version);
        assertThat(sent.value()).isEqualTo(published.value());
        assertThat(text(sent, EventHeaders.EVENT_ID)).isEqualTo(text(published, EventHeaders.EVENT_ID));
    }

    private Document commit(String orderId, long version) {
        return mongo.findOne(
                Query.query(
                        Criteria.where("orderId").is(orderId).and("toVersion").is(version)),
                Document.class,
                "commits");
    }

    /** As the relay's producer places a record keyed by the order id. */
    private static int partitionOf(String orderId, int partitions) {
        return BuiltInPartitioner.partitionForKey(orderId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private static String text(ConsumerRecord<String, byte[]> record, String header) {
        return record.headers().lastHeader(header) == null
                ? null
                : new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
