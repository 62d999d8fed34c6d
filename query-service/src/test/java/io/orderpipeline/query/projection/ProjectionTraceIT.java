package io.orderpipeline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.testing.RecordedSpans;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The projection continues each event's trace: one {@code orders.events receive} span per record, child of the span
 * that produced it, ended once the batch's transaction has committed; and the order's history names the trace.
 */
@QueryServiceTest
class ProjectionTraceIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RecordedSpans spans;

    Http http;
    Producer<String, EventEnvelope> producer;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        // A plain producer, not the service's template: that one would write a traceparent of its own.
        producer = new DefaultKafkaProducerFactory<>(
                        Map.<String, Object>of("bootstrap.servers", String.join(",", kafka.getBootstrapServers())),
                        new StringSerializer(),
                        new EventEnvelopeSerializer())
                .createProducer();
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void eachEventIsProjectedInAReceiveSpanOfItsProducersTraceAndItsHistoryNamesTheTrace() throws Exception {
        String orderId = OrderEvents.newOrderId();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String createdBy = "00f067aa0ba902b7";
        String requestedBy = "00f067aa0ba902b8";
        publish(OrderEvents.created(orderId, "c-trace", "laptop", 1), "00-" + traceId + "-" + createdBy + "-01");
        publish(
                OrderEvents.envelope(orderId, 2, new OrderProcessingRequested("c-trace", "laptop", 1)),
                "00-" + traceId + "-" + requestedBy + "-01");

        MutableSpan created = await().atMost(Duration.ofSeconds(60))
                .until(() -> spans.ofOrder("orders.events receive", orderId, 1), found -> found.isPresent())
                .orElseThrow();
        // Ended after the commit: the row is there as soon as the span is.
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM order_history WHERE order_id = ? AND version = 1", Long.class, orderId))
                .isEqualTo(1);
        assertThat(created.traceId()).isEqualTo(traceId);
        assertThat(created.parentId()).isEqualTo(createdBy);
        assertThat(created.kind()).isEqualTo(Kind.CONSUMER);
        assertThat(created.localServiceName()).isEqualTo("query-service");
        assertThat(created.tags()).containsEntry("event.type", "OrderCreated").containsKey("projection.batch.size");

        JsonNode history = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/orders/" + orderId + "/history"),
                        r -> r.status() == 200 && r.json().size() == 2)
                .json();
        assertThat(history.get(0).get("traceId").asString()).isEqualTo(traceId);
        assertThat(history.get(1).get("traceId").asString()).isEqualTo(traceId);
        MutableSpan requested = await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofOrder("orders.events receive", orderId, 2), found -> found.isPresent())
                .orElseThrow();
        assertThat(requested.traceId()).isEqualTo(traceId);
        assertThat(requested.parentId()).isEqualTo(requestedBy);
        assertThat(requested.tags()).containsEntry("event.type", "OrderProcessingRequested");
    }

    @Test
    void anEventWithoutTraceContextStartsANewTraceAndItsHistoryNamesNone() throws Exception {
        String orderId = OrderEvents.newOrderId();
        publish(OrderEvents.created(orderId, "c-untraced", "laptop", 1), null);

        JsonNode history = await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/orders/" + orderId + "/history"), r -> r.status() == 200)
                .json();
        assertThat(history.get(0).has("traceId")).isFalse();
        MutableSpan receive = await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofOrder("orders.events receive", orderId, 1), found -> found.isPresent())
                .orElseThrow();
        assertThat(receive.parentId()).as("a root span").isNull();
    }

    private void publish(EventEnvelope envelope, String traceparent) throws Exception {
        ProducerRecord<String, EventEnvelope> record =
                new ProducerRecord<>(Topics.ORDER_EVENTS, envelope.orderId(), envelope);
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get();
    }
}
