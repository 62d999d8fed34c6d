package io.orderpipeline.processor.inventory;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.orderpipeline.kafka.RecordObservations;
import io.orderpipeline.processor.processing.Decision;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A receive span per record a stage decides (spring-kafka's listener observation, continuing the record's {@code
 * traceparent}), and that span as the {@code traceparent} of what the stage writes, so the order's trace goes on
 * through the repartition topic to the outcome.
 */
final class RecordTraces {

    /** No spans: what the stages write keeps the {@code traceparent} of their cause. */
    static final RecordTraces NONE = new RecordTraces(ObservationRegistry.NOOP, Tracer.NOOP, Propagator.NOOP, "");

    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final Propagator propagator;
    private final String groupId;

    RecordTraces(ObservationRegistry observations, Tracer tracer, Propagator propagator, String groupId) {
        this.observations = observations;
        this.tracer = tracer;
        this.propagator = propagator;
        this.groupId = groupId;
    }

    /** Started, not in scope; the stage opens its scope around the work for the record and stops it. */
    Observation receive(Record<String, ?> record, RecordMetadata origin, String orderId) {
        ConsumerRecord<String, Object> consumed = new ConsumerRecord<>(
                origin.topic(),
                origin.partition(),
                origin.offset(),
                record.timestamp(),
                TimestampType.CREATE_TIME,
                -1,
                -1,
                record.key(),
                record.value(),
                record.headers(),
                Optional.empty());
        return RecordObservations.startReceive(consumed, origin.topic(), groupId, observations)
                .highCardinalityKeyValue("order.id", orderId);
    }

    /** Tags the current receive span with the decision. */
    void outcome(Decision decision) {
        Observation current = observations.getCurrentObservation();
        if (current != null) {
            current.highCardinalityKeyValue("processing.outcome", decision.isProcessed() ? "approved" : "rejected");
        }
    }

    /** The current span, if any, as the trace context of a record being written. */
    Headers continueIn(Headers headers) {
        TraceContext current = tracer.currentTraceContext().context();
        if (current != null) {
            propagator.inject(current, headers, (carrier, key, value) -> {
                carrier.remove(key);
                carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
            });
        }
        return headers;
    }
}
