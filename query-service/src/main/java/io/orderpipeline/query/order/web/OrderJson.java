package io.orderpipeline.query.order.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orderpipeline.query.order.OrderStatus;
import io.orderpipeline.query.order.OrderView;
import io.orderpipeline.query.projection.ParkedState;
import java.time.Instant;

/**
 * An order as the API shows it: the fields orders-service answers with, plus the view's details.
 *
 * @param parked present only while later events of the order are parked: the view stays at {@code version}
 */
record OrderJson(
        String orderId,
        OrderStatus status,
        long version,
        String customerId,
        String product,
        int quantity,
        String reason,
        Instant createdAt,
        Instant processingRequestedAt,
        Instant processedAt,
        Instant rejectedAt,
        Instant shippedAt,
        Instant deliveredAt,
        Instant cancelledAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) ParkedState parked) {

    static OrderJson of(OrderView view) {
        return of(view, null);
    }

    static OrderJson of(OrderView view, ParkedState parked) {
        return new OrderJson(
                view.orderId(),
                view.status(),
                view.version(),
                view.customerId(),
                view.product(),
                view.quantity(),
                view.reason(),
                view.createdAt(),
                view.processingRequestedAt(),
                view.processedAt(),
                view.rejectedAt(),
                view.shippedAt(),
                view.deliveredAt(),
                view.cancelledAt(),
                view.updatedAt(),
                parked);
    }
}
