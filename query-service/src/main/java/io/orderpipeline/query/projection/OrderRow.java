package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;

/** One row of {@code orders}, folded from the events of one order; every value comes from the events. */
record OrderRow(
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
        Instant updatedAt) {

    /** The row an order's first event starts; only {@link OrderCreated} can start one. */
    static OrderRow start(EventEnvelope envelope) {
        if (!(envelope.event() instanceof OrderCreated created)) {
            throw new UnprojectableEventException("order " + envelope.orderId() + " starts with " + envelope.type()
                    + " at version " + envelope.version() + ", not with OrderCreated");
        }
        Instant at = envelope.occurredAt();
        return new OrderRow(
                envelope.orderId(),
                created.customerId(),
                created.product(),
                created.quantity(),
                OrderStatus.CREATED,
                envelope.version(),
                null,
                at,
                null,
                null,
                null,
                null,
                null,
                null,
                at);
    }

    /** This row after the next event of its order: the status it leads to, and the time of that status. */
    OrderRow apply(EventEnvelope envelope) {
        String nextReason = switch (envelope.event()) {
            case OrderCreated created ->
                throw new UnprojectableEventException(
                        "order " + orderId + " is created a second time at version " + envelope.version());
            case OrderRejected rejected -> rejected.reason();
            case OrderCancelled cancelled -> cancelled.reason();
            case OrderProcessingRequested requested -> reason;
            case OrderProcessed processed -> reason;
            case OrderShipped shipped -> reason;
            case OrderDelivered delivered -> reason;
        };
        OrderStatus next = OrderStatus.after(envelope.event());
        Instant at = envelope.occurredAt();
        return new OrderRow(
                orderId,
                customerId,
                product,
                quantity,
                next,
                envelope.version(),
                nextReason,
                createdAt,
                next == OrderStatus.PROCESSING ? at : processingRequestedAt,
                next == OrderStatus.PROCESSED ? at : processedAt,
                next == OrderStatus.REJECTED ? at : rejectedAt,
                next == OrderStatus.SHIPPED ? at : shippedAt,
                next == OrderStatus.DELIVERED ? at : deliveredAt,
                next == OrderStatus.CANCELLED ? at : cancelledAt,
                at);
    }
}
