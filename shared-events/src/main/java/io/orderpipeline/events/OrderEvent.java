package io.orderpipeline.events;

/**
 * Everything that can happen to an order. The set is closed: adding an event type is a change of the contract
 * between the services (and of the golden files that pin its wire format).
 */
public sealed interface OrderEvent
        permits OrderCreated,
                OrderProcessingRequested,
                OrderProcessed,
                OrderRejected,
                OrderShipped,
                OrderDelivered,
                OrderCancelled {}
