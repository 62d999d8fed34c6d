package io.orderpipeline.orders.order;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of an order folded from its events, as of its last event's instant.
 *
 * @param allowedCommands the HTTP commands its status accepts, so a client (the live page) offers exactly these
 *     without a copy of the lifecycle's rules
 */
public record OrderSnapshot(
        String orderId,
        OrderStatus status,
        long version,
        String customerId,
        String product,
        int quantity,
        Instant lastChangedAt,
        List<String> allowedCommands) {}
