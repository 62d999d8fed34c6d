package io.orderpipeline.query.order;

/** Criteria of the order list; a {@code null} criterion matches every order. */
public record OrderFilter(OrderStatus status, String customerId, String product) {}
