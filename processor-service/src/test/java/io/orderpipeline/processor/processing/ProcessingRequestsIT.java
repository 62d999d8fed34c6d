package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorServiceTest;
import io.orderpipeline.testing.RecordedSpans;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

@ProcessorServiceTest
class ProcessingRequestsIT {

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    RecordedSpans spans;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void answersEachProcessingRequestWithOneOutcome() {
        String accepted = UUID.randomUUID().toString();
        String tooMany = UUID.randomUUID().toString();
        String unknownProduct = UUID.randomUUID().toString();
        EventEnvelope acceptedRequest = envelope(accepted, 2, new OrderProcessingRequested("c-1", "laptop", 10));
        List<RecordMetadata> published = List.of(
                kafka.publish(acceptedRequest),
                kafka.publish(envelope(tooMany, 2, new OrderProcessingRequested("c-2", "phone", 11))),
                kafka.publish(envelope(unknownProduct, 2, new OrderProcessingRequested("c-3", "yacht", 1))));

        Map<String, List<EventEnvelope>> outcomes = awaitOutcomesOf(List.of(accepted, tooMany, unknownProduct));
        kafka.awaitConsumedByProcessor(published);

        assertThat(outcomes).containsOnlyKeys(accepted, tooMany, unknownProduct);
        assertThat(outcomes.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        EventEnvelope processed = outcomes.get(accepted).getFirst();
        assertThat(processed.event()).isEqualTo(new OrderProcessed());
        assertThat(processed.version()).isEqualTo(2);
        assertThat(processed.causationId()).isEqualTo(acceptedRequest.eventId().toString());
        assertThat(processed.correlationId()).isEqualTo(acceptedRequest.correlationId());
        assertThat(processed.eventId()).isNotEqualTo(acceptedRequest.eventId());
        assertThat(outcomes.get(tooMany).getFirst().event())
                .isEqualTo(new OrderRejected("quantity 11 is above the maximum of 10"));
        assertThat(outcomes.get(unknownProduct).getFirst().event())
                .isEqualTo(new OrderRejected("product 'yacht' is not in the catalog"));
    }

    @Test
    void sendsUnreadableRecordsAndOtherEventsToTheDeadLetterTopicWithTheReasonAndKeepsThePartitionFlowing() {
        // one key for all: the same partition, so the healthy request has to get past the poison
        String orderId = UUID.randomUUID().toString();
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = json(orderId, "OrderTeleported", 1);
        byte[] unsupportedVersion = json(orderId, "OrderProcessingRequested", 99);
        EventEnvelope delivered = envelope(orderId, 5, new OrderDelivered());
        RecordMetadata first = kafka.publishRaw(orderId, notJson);
        RecordMetadata second = kafka.publishRaw(orderId, unknownType);
        RecordMetadata third = kafka.publishRaw(orderId, unsupportedVersion);
        RecordMetadata fourth = kafka.publish(delivered);
        RecordMetadata healthy = kafka.publish(envelope(orderId, 2, new OrderProcessingRequested("c-4", "laptop", 1)));

        Map<String, List<EventEnvelope>> outcomes = awaitOutcomesOf(List.of(orderId));
        kafka.awaitConsumedByProcessor(List.of(healthy));
        List<ConsumerRecord<String, byte[]>> deadLetters =
                kafka.readAll(Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX, "read_committed").stream()
                        .filter(r -> orderId.equals(r.key()))
                        .toList();

        assertThat(deadLetters).hasSize(4);
        assertDeadLetter(deadLetters.get(0), first, notJson, "not JSON");
        assertDeadLetter(deadLetters.get(1), second, unknownType, "unknown event type 'OrderTeleported'");
        assertDeadLetter(deadLetters.get(2), third, unsupportedVersion, "unsupported schemaVersion 99");
        assertDeadLetter(
                deadLetters.get(3),
                fourth,
                EventCodec.encode(delivered),
                "OrderDelivered is not an event the processor acts on");
        assertThat(outcomes.get(orderId))
                .singleElement()
                .extracting(EventEnvelope::event)
                .isEqualTo(new OrderProcessed());
    }

    @Test
    void continuesTheTraceOfTheRequestInAReceiveSpanOfEachStageAndTheOutcomeInTheLast() {
        String orderId = UUID.randomUUID().toString();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String requestSpanId = "00f067aa0ba902b7";
        kafka.publish(
                envelope(orderId, 2, new OrderProcessingRequested("c-5", "laptop", 1)),
                "00-" + traceId + "-" + requestSpanId + "-01");

        awaitOutcomesOf(List.of(orderId));
        String[] traceparent = traceparentOfOutcome(orderId);

        assertThat(traceparent[1]).isEqualTo(traceId);
        MutableSpan byProduct =
                await().ignoreExceptions().until(() -> spans.byId(traceparent[2]), span -> span != null);
        assertThat(byProduct.name()).isEqualTo("processor-service-by-product-repartition receive");
        assertThat(byProduct.kind()).isEqualTo(Kind.CONSUMER);
        assertThat(byProduct.tags()).containsEntry("order.id", orderId).containsEntry("processing.outcome", "approved");
        MutableSpan byOrder = spans.byId(byProduct.parentId());
        assertThat(byOrder.name()).isEqualTo(Topics.PROCESSING_REQUESTS + " receive");
        assertThat(byOrder.traceId()).isEqualTo(traceId);
        assertThat(byOrder.parentId()).isEqualTo(requestSpanId);
        assertThat(byOrder.localServiceName()).isEqualTo("processor-service");
        assertThat(byOrder.tags()).containsEntry("order.id", orderId);
    }

    @Test
    void tagsARejectionByTheRulesInTheOrderStagesSpan() {
        String orderId = UUID.randomUUID().toString();
        kafka.publish(
                envelope(orderId, 2, new OrderProcessingRequested("c-6", "phone", 11)),
                "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01");

        awaitOutcomesOf(List.of(orderId));
        String spanId = traceparentOfOutcome(orderId)[2];

        MutableSpan byOrder = await().ignoreExceptions().until(() -> spans.byId(spanId), span -> span != null);
        assertThat(byOrder.name()).isEqualTo(Topics.PROCESSING_REQUESTS + " receive");
        assertThat(byOrder.tags()).containsEntry("processing.outcome", "rejected");
    }

    /** The parts of the committed outcome's one {@code traceparent}: version, trace id, span id, flags. */
    private String[] traceparentOfOutcome(String orderId) {
        ConsumerRecord<String, byte[]> outcome = kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed").stream()
                .filter(r -> orderId.equals(r.key()))
                .findFirst()
                .orElseThrow();
        assertThat(outcome.headers().headers("traceparent")).hasSize(1);
        return new String(header(outcome, "traceparent"), StandardCharsets.UTF_8).split("-");
    }

    private static void assertDeadLetter(
            ConsumerRecord<String, byte[]> deadLetter, RecordMetadata original, byte[] value, String reason) {
        assertThat(deadLetter.value()).isEqualTo(value);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .asString(StandardCharsets.UTF_8)
                .contains(reason);
        assertThat(header(deadLetter, "kafka_dlt-original-topic"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(Topics.PROCESSING_REQUESTS);
        assertThat(ByteBuffer.wrap(header(deadLetter, "kafka_dlt-original-partition"))
                        .getInt())
                .isEqualTo(original.partition());
        assertThat(ByteBuffer.wrap(header(deadLetter, "kafka_dlt-original-offset"))
                        .getLong())
                .isEqualTo(original.offset());
    }

    private static byte[] header(ConsumerRecord<String, byte[]> record, String name) {
        assertThat(record.headers().lastHeader(name)).as(name).isNotNull();
        return record.headers().lastHeader(name).value();
    }

    /** The committed outcomes of these orders, once each has one; a second one would show in the same read. */
    private Map<String, List<EventEnvelope>> awaitOutcomesOf(List<String> orderIds) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed").stream()
                                .filter(r -> orderIds.contains(r.key()))
                                .map(r -> EventCodec.decode(r.value()))
                                .collect(Collectors.groupingBy(EventEnvelope::orderId)),
                        outcomes -> outcomes.keySet().containsAll(orderIds));
    }

    private static byte[] json(String orderId, String type, int schemaVersion) {
        return ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"schemaVersion\":"
                        + schemaVersion + ",\"orderId\":\"" + orderId + "\",\"version\":2,"
                        + "\"occurredAt\":\"2026-01-01T00:00:00.000Z\",\"correlationId\":\"c\",\"causationId\":\"c\","
                        + "\"data\":{\"customerId\":\"c-1\",\"product\":\"laptop\",\"quantity\":1}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static EventEnvelope envelope(String orderId, long version, OrderEvent event) {
        return new EventEnvelope(UUID.randomUUID(), orderId, version, Instant.now(), "corr-" + orderId, "test", event);
    }
}
