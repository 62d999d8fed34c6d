package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.OrderState;
import io.orderpipeline.orders.order.OrderStatus;

/** The answer to every command: the order's id, its status and the version to ask the query side for. */
record OrderResponse(String orderId, OrderStatus status, long version) {

    static OrderResponse of(OrderState state) {
        return new OrderResponse(state.orderId(), state.status(), state.version());
    }
}
