package io.orderpipeline.query.order.web;

import io.orderpipeline.query.order.OrderHistoryEntry;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;
import java.util.UUID;

/** One step of an order's timeline. */
record HistoryJson(
        long version,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        UUID eventId,
        String correlationId) {

    static HistoryJson of(OrderHistoryEntry entry) {
        return new HistoryJson(
                entry.version(),
                entry.eventType(),
                entry.status(),
                entry.reason(),
                entry.occurredAt(),
                entry.eventId(),
                entry.correlationId());
    }
}
