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

    /** This row after the next event of its order. */
    OrderRow apply(EventEnvelope envelope) {
        Instant at = envelope.occurredAt();
        OrderStatus next = OrderStatus.after(envelope.event());
        return switch (envelope.event()) {
            case OrderCreated created ->
                throw new UnprojectableEventException(
                        "order " + orderId + " is created a second time at version " + envelope.version());
            case OrderProcessingRequested requested -> with(next, envelope, reason, at, processedAt, rejectedAt);
            case OrderProcessed processed -> with(next, envelope, reason, processingRequestedAt, at, rejectedAt);
            case OrderRejected rejected ->
                with(next, envelope, rejected.reason(), processingRequestedAt, processedAt, at);
            case OrderShipped shipped ->
                new OrderRow(
                        orderId,
                        customerId,
                        product,
                        quantity,
                        next,
                        envelope.version(),
                        reason,
                        createdAt,
                        processingRequestedAt,
                        processedAt,
                        rejectedAt,
                        at,
                        deliveredAt,
                        cancelledAt,
                        at);
            case OrderDelivered delivered ->
                new OrderRow(
                        orderId,
                        customerId,
                        product,
                        quantity,
                        next,
                        envelope.version(),
                        reason,
                        createdAt,
                        processingRequestedAt,
                        processedAt,
                        rejectedAt,
                        shippedAt,
                        at,
                        cancelledAt,
                        at);
            case OrderCancelled cancelled ->
                new OrderRow(
                        orderId,
                        customerId,
                        product,
                        quantity,
                        next,
                        envelope.version(),
                        cancelled.reason(),
                        createdAt,
                        processingRequestedAt,
                        processedAt,
                        rejectedAt,
                        shippedAt,
                        deliveredAt,
                        at,
                        at);
        };
    }

    private OrderRow with(
            OrderStatus next,
            EventEnvelope envelope,
            String newReason,
            Instant newProcessingRequestedAt,
            Instant newProcessedAt,
            Instant newRejectedAt) {
        return new OrderRow(
                orderId,
                customerId,
                product,
                quantity,
                next,
                envelope.version(),
                newReason,
                createdAt,
                newProcessingRequestedAt,
                newProcessedAt,
                newRejectedAt,
                shippedAt,
                deliveredAt,
                cancelledAt,
                envelope.occurredAt());
    }
}
