package io.orderpipeline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.micrometer.tracing.Tracer;
import io.orderpipeline.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * With tracing switched off ({@code management.tracing.export.enabled=false}) the service works as before and
 * traces nothing: no span, no trace context stored with a commit, no {@code traceparent} on what it publishes (also
 * when the client sent one), no {@code traceId} in its answers. Its own database, so its relay publishes its commits.
 */
@OrdersServiceTest
class TracingOffIT {

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoConnectionDetails mongoConnection;

    @Autowired
    MongoTemplate mongo;

    @Test
    void commandsWorkAndNothingIsTraced() {
        String database = "orders-tracing-off-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext off = SecondInstance.start(
                mongoConnection.getConnectionString().toString(),
                database,
                kafka.getBootstrapServers(),
                "--management.tracing.export.enabled=false")) {
            OrdersClient orders = SecondInstance.client(off);
            HttpHeaders traced = new HttpHeaders();
            traced.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

            String orderId = orders.createOrder();
            ResponseEntity<Map> processed = orders.post("/orders/" + orderId + "/process", null, traced);
            ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/ship", null, traced);

            assertThat(off.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
            assertThat(processed.getStatusCode().value()).isEqualTo(202);
            assertThat(refused.getStatusCode().value()).isEqualTo(409);
            assertThat(refused.getBody()).doesNotContainKey("traceId");
            List<Document> commits = mongo.getMongoDatabaseFactory()
                    .getMongoDatabase(database)
                    .getCollection("commits")
                    .find(Filters.eq("orderId", orderId))
                    .into(new ArrayList<>());
            assertThat(commits)
                    .hasSize(2)
                    .allSatisfy(commit ->
                            assertThat(commit.get("trace", Document.class)).isEmpty());
            List<ConsumerRecord<String, byte[]>> published = awaitPublished(orderId, 3);
            assertThat(published)
                    .allSatisfy(record ->
                            assertThat(record.headers().headers("traceparent")).isEmpty());
            assertThat(orders.get("/orders/" + orderId + "/events").getBody()).doesNotContain("traceId");
        }
    }

    /** Both events on orders.events and the request on orders.processing-requests. */
    private List<ConsumerRecord<String, byte[]>> awaitPublished(String orderId, int count) {
        try (OrderEventsConsumer consumer = new OrderEventsConsumer(
                kafka.getBootstrapServers(), Set.of(Topics.ORDER_EVENTS, Topics.PROCESSING_REQUESTS))) {
            return consumer.awaitRecords(record -> orderId.equals(record.key()), count);
        }
    }
}
