package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code order_history}: an applied event and the status it led to. */
record HistoryRow(
        String orderId,
        long version,
        UUID eventId,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        String correlationId,
        String traceId) {

    static HistoryRow of(EventEnvelope envelope, OrderRow after, String traceId) {
        boolean carriesReason = after.version() == envelope.version()
                && (after.status() == OrderStatus.REJECTED || after.status() == OrderStatus.CANCELLED);
        return new HistoryRow(
                envelope.orderId(),
                envelope.version(),
                envelope.eventId(),
                envelope.type(),
                after.status(),
                carriesReason ? after.reason() : null,
                envelope.occurredAt(),
                envelope.correlationId(),
                traceId);
    }
}
