package io.orderpipeline.query.order;

import java.time.Instant;

/**
 * The current view of one order, as the projection keeps it in {@code orders}. Read-only: only the projection writes.
 *
 * @param reason why the order was rejected or cancelled, if it was
 * @param projectedAt when the projection last changed this row (PostgreSQL's clock); not part of the API
 */
public record OrderView(
        String orderId,
        String customerId,
        String product,
        int quantity,
        OrderStatus status,
        long version,
        String reason,
        Instant createdAt,
        Instant processingRequestedAt,
        Instant processedAt,
        Instant rejectedAt,
        Instant shippedAt,
        Instant deliveredAt,
        Instant cancelledAt,
        Instant updatedAt,
        Instant projectedAt) {}
