package io.orderpipeline.orders.order;

/** What a command answers: where the order is after it. */
public record OrderState(String orderId, OrderStatus status, long version) {}
