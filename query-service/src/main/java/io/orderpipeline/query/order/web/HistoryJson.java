package io.orderpipeline.query.order.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orderpipeline.query.order.OrderHistoryEntry;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One step of an order's timeline.
 *
 * @param traceId the W3C trace id of the command that produced the event, to open in the trace UI; absent for an
 *     event that carried no trace context
 * @param committedAt the event's hops (committed to MongoDB, on Kafka, processor's decision, stored here); each absent
 *     when unknown
 */
record HistoryJson(
        long version,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        UUID eventId,
        String correlationId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant committedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant publishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant projectedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant decidedAt) {

    static HistoryJson of(OrderHistoryEntry entry) {
        return new HistoryJson(
                entry.version(),
                entry.eventType(),
                entry.status(),
                entry.reason(),
                entry.occurredAt(),
                entry.eventId(),
                entry.correlationId(),
                entry.traceId(),
                entry.committedAt(),
                entry.publishedAt(),
                entry.projectedAt(),
                entry.decidedAt());
    }
}
