package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code order_history}: an applied event, the status it led to, and what its record carried. Its
 * {@code projected_at} is the time of the transaction that stores it, set by PostgreSQL.
 */
record HistoryRow(
        String orderId,
        long version,
        UUID eventId,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        String correlationId,
        Provenance provenance) {

    static HistoryRow of(EventEnvelope envelope, OrderRow after, Provenance provenance) {
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
                provenance);
    }
}
