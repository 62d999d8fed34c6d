package io.orderpipeline.orders.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
}
