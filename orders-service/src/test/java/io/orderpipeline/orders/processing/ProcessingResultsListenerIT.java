package io.orderpipeline.orders.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

@OrdersServiceTest
class ProcessingResultsListenerIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<String, EventEnvelope> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Test
    void recordsAnOutcomeOnceEvenWhenItIsDeliveredTwice() throws Exception {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);
        EventEnvelope outcome = new EventEnvelope(
                UUID.randomUUID(), orderId, 2, Instant.now(), "corr-1", "cause-1", new OrderProcessed());

        kafka.send(Topics.PROCESSING_RESULTS, orderId, outcome).get();
        kafka.send(Topics.PROCESSING_RESULTS, orderId, outcome).get();

        // The first delivery is logged by its commit, the second, which left none, in the command log.
        Query deliveries = Query.query(Criteria.where("commandId").is("outcome:" + outcome.eventId()));
        await().atMost(Duration.ofSeconds(60)).until(() -> mongo.count(deliveries, "commands") == 1);
        assertThat(mongo.findOne(deliveries, Document.class, "commands"))
                .containsEntry("outcome", "REPLAYED")
                .containsEntry("source", "kafka");
        assertThat(mongo.findOne(deliveries, Document.class, "commits").get("command", Document.class))
                .containsEntry("name", "record-outcome")
                .containsEntry("source", "kafka");
        assertThat(orders.getJson("/orders/" + orderId + "/state").getBody())
                .containsEntry("status", "PROCESSED")
                .containsEntry("version", 3);
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(3);
    }

    /**
     * The recorded outcome's record says when the processor decided it (the outcome's {@code occurredAt}), beside
     * when it was committed here: the hops requested → decided → recorded of the live page.
     */
    @Test
    void theRecordedOutcomeCarriesTheProcessorsDecisionTime() throws Exception {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);
        // Well before the commit, so that a header carrying the commit's or the send's time cannot pass for it.
        Instant decidedAt = Instant.now().minusSeconds(30);
        EventEnvelope outcome = new EventEnvelope(
                UUID.randomUUID(), orderId, 2, decidedAt, "corr-2", "cause-2", new OrderRejected("no stock"));

        kafka.send(Topics.PROCESSING_RESULTS, orderId, outcome).get();

        ConsumerRecord<String, byte[]> recorded;
        try (OrderEventsConsumer events = new OrderEventsConsumer(kafkaConnection.getBootstrapServers())) {
            recorded = events.awaitRecords(
                            record -> orderId.equals(record.key())
                                    && "OrderRejected".equals(text(record, EventHeaders.EVENT_TYPE)),
                            1)
                    .getFirst();
        }
        Document commit = mongo.findOne(
                Query.query(Criteria.where("commandId").is("outcome:" + outcome.eventId())), Document.class, "commits");
        assertThat(commit.getDate("decidedAt").toInstant()).isEqualTo(outcome.occurredAt());
        assertThat(Instant.parse(text(recorded, EventHeaders.DECIDED_AT))).isEqualTo(outcome.occurredAt());
        assertThat(Instant.parse(text(recorded, EventHeaders.COMMITTED_AT)))
                .isEqualTo(commit.getDate("committedAt").toInstant());
    }

    private static String text(ConsumerRecord<String, byte[]> record, String header) {
        return record.headers().lastHeader(header) == null
                ? null
                : new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
