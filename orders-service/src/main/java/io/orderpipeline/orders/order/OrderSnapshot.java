package io.orderpipeline.orders.order;

import java.time.Instant;

/** The whole state of an order folded from its events, as of its last event's instant. */
public record OrderSnapshot(
        String orderId,
        OrderStatus status,
        long version,
        String customerId,
        String product,
        int quantity,
        Instant lastChangedAt) {}
