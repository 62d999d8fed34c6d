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
 */
record HistoryJson(
        long version,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        UUID eventId,
        String correlationId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) {

    static HistoryJson of(OrderHistoryEntry entry) {
        return new HistoryJson(
                entry.version(),
                entry.eventType(),
                entry.status(),
                entry.reason(),
                entry.occurredAt(),
                entry.eventId(),
                entry.correlationId(),
                entry.traceId());
    }
}
