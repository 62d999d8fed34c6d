package io.orderpipeline.query.order;

import java.time.Instant;
import java.util.UUID;

/**
 * One applied event of an order and the status it led to, a row of {@code order_history}. Read-only, like
 * {@link OrderView}.
 *
 * @param traceId the W3C trace id of the command that produced the event; {@code null} if it travelled without one
 * @param committedAt when orders-service committed the event; {@code null} if its record did not say
 * @param publishedAt when its record reached Kafka (the record's timestamp)
 * @param projectedAt when the projection stored it
 * @param decidedAt when processor-service decided the outcome the event records; {@code null} for any other event
 */
public record OrderHistoryEntry(
        String orderId,
        long version,
        UUID eventId,
        String eventType,
        OrderStatus status,
        String reason,
        Instant occurredAt,
        String correlationId,
        String traceId,
        Instant committedAt,
        Instant publishedAt,
        Instant projectedAt,
        Instant decidedAt) {}
