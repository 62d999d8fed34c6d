package io.orderpipeline.orders.order;

/**
 * What a command answers: where the order is after it.
 *
 * @param repeated the command was committed before (a redelivery, a retry): this is the state it left then, and it
 *     had no effect now
 */
public record OrderState(String orderId, OrderStatus status, long version, boolean repeated) {}
