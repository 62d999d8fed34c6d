package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.testing.RecordedSpans;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace per command across the hops of orders-service, from the spans its tracer actually finished: the HTTP
 * request, the commit, the relay's publish (made later on another thread, from the context stored with the commit)
 * and the producer sends, whose span the published records' {@code traceparent} names; and an outcome from Kafka
 * continued from its own {@code traceparent} through the commit it makes.
 */
@OrdersServiceTest
class TraceContextIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    RecordedSpans spans;

    @Test
    void aProcessCommandIsOneTraceFromTheRequestToTheRecordsItPublishes() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        String traceId = randomHex(32);
        String clientSpanId = randomHex(16);
        HttpHeaders headers = new HttpHeaders();
        headers.add("traceparent", "00-" + traceId + "-" + clientSpanId + "-01");

        assertThat(orders.post("/orders/" + orderId + "/process", null, headers)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        List<ConsumerRecord<String, byte[]>> published =
                awaitRecords(orderId, 2, Set.of(Topics.ORDER_EVENTS, Topics.PROCESSING_REQUESTS), 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofTrace(traceId).size() >= 5);

        MutableSpan http = spans.get(traceId, "http post /orders/{orderid}/process", clientSpanId);
        assertThat(http.kind()).isEqualTo(Kind.SERVER);
        MutableSpan commit = spans.get(traceId, "commit", http.id());
        assertThat(commit.tags()).containsEntry("order.id", orderId).containsEntry("order.version", "2");
        MutableSpan publish = spans.get(traceId, "publish", commit.id());
        assertThat(publish.tags())
                .containsEntry("order.id", orderId)
                .containsEntry("order.version", "2")
                .containsKey("outbox.lag.ms");
        for (ConsumerRecord<String, byte[]> record : published) {
            MutableSpan send = spans.get(traceId, record.topic() + " send", publish.id());
            assertThat(send.kind()).isEqualTo(Kind.PRODUCER);
            assertThat(send.localServiceName()).isEqualTo("orders-service");
            assertThat(traceparents(record)).containsExactly("00-" + traceId + "-" + send.id() + "-01");
        }
    }

    @Test
    void theStoredStreamNamesTheTraceOfEachCommit() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        String traceId = randomHex(32);
        HttpHeaders headers = new HttpHeaders();
        headers.add("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01");
        orders.post("/orders/" + orderId + "/process", null, headers);

        List<Map<String, Object>> events = new ArrayList<>();
        JsonMapper.builder()
                .build()
                .readTree(orders.get("/orders/" + orderId + "/events").getBody())
                .forEach(event -> events.add(Map.of(
                        "version", event.get("version").asLong(),
                        "traceId", event.path("traceId").asString(""))));

        assertThat(events).hasSize(2);
        assertThat(events.get(1)).containsEntry("version", 2L).containsEntry("traceId", traceId);
        assertThat((String) events.get(0).get("traceId")).hasSize(32).isNotEqualTo(traceId);
    }

    @Test
    void aRefusalNamesTheTraceOfTheRequest() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        String traceId = randomHex(32);
        HttpHeaders headers = new HttpHeaders();
        headers.add("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01");

        var refused = orders.post("/orders/" + orderId + "/ship", null, headers);

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody()).containsEntry("traceId", traceId);
    }

    @Test
    void anOutcomeIsRecordedInTheTraceOfItsTraceparent() throws Exception {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);
        String traceId = randomHex(32);
        String processorSpanId = randomHex(16);
        EventEnvelope outcome = new EventEnvelope(
                UUID.randomUUID(), orderId, 2, Instant.now(), "corr-trace", "cause-trace", new OrderProcessed());

        // A plain producer, not the service's template: that one would write its own traceparent.
        try (Producer<String, EventEnvelope> producer = new DefaultKafkaProducerFactory<>(
                        Map.<String, Object>of("bootstrap.servers", String.join(",", kafka.getBootstrapServers())),
                        new StringSerializer(),
                        new EventEnvelopeSerializer())
                .createProducer()) {
            ProducerRecord<String, EventEnvelope> record =
                    new ProducerRecord<>(Topics.PROCESSING_RESULTS, orderId, outcome);
            record.headers()
                    .add(
                            "traceparent",
                            ("00-" + traceId + "-" + processorSpanId + "-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        List<ConsumerRecord<String, byte[]>> published = awaitRecords(orderId, 3, Set.of(Topics.ORDER_EVENTS), 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofTrace(traceId).size() >= 4);

        MutableSpan receive = spans.get(traceId, "orders.processing-results receive", processorSpanId);
        assertThat(receive.kind()).isEqualTo(Kind.CONSUMER);
        MutableSpan commit = spans.get(traceId, "commit", receive.id());
        assertThat(commit.tags()).containsEntry("order.version", "3");
        MutableSpan publish = spans.get(traceId, "publish", commit.id());
        MutableSpan send = spans.get(traceId, "orders.events send", publish.id());
        assertThat(traceparents(published.getFirst())).containsExactly("00-" + traceId + "-" + send.id() + "-01");
    }

    /** Waits for {@code count} records of that order at that version on those topics. */
    private List<ConsumerRecord<String, byte[]>> awaitRecords(
            String orderId, long version, Set<String> topics, int count) {
        try (OrderEventsConsumer consumer = new OrderEventsConsumer(kafka.getBootstrapServers(), topics)) {
            return consumer.awaitRecords(
                    record -> orderId.equals(record.key())
                            && EventCodec.decode(record.value()).version() == version,
                    count);
        }
    }

    private static List<String> traceparents(ConsumerRecord<?, ?> record) {
        List<String> values = new ArrayList<>();
        for (Header header : record.headers().headers("traceparent")) {
            values.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String randomHex(int digits) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, digits);
    }
}
