package io.orderpipeline.query.order;

import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;

/** Where an order is in its lifecycle, as DESIGN.md names it; each event moves the order to exactly one status. */
public enum OrderStatus {
    CREATED,
    PROCESSING,
    PROCESSED,
    REJECTED,
    SHIPPED,
    DELIVERED,
    CANCELLED;

    public static OrderStatus after(OrderEvent event) {
        return switch (event) {
            case OrderCreated created -> CREATED;
            case OrderProcessingRequested requested -> PROCESSING;
            case OrderProcessed processed -> PROCESSED;
            case OrderRejected rejected -> REJECTED;
            case OrderShipped shipped -> SHIPPED;
            case OrderDelivered delivered -> DELIVERED;
            case OrderCancelled cancelled -> CANCELLED;
        };
    }
}
