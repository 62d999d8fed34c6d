package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

/**
 * Carries the order lines the processor decides on, so the processor needs no state of its own (event-carried
 * state transfer) and a replay of the topic decides exactly as the first run did.
 */
@EventType(name = "OrderProcessingRequested", schemaVersion = 1)
public record OrderProcessingRequested(String customerId, String product, int quantity) implements OrderEvent {

    public OrderProcessingRequested {
        requireNonNull(customerId, "customerId");
        requireNonNull(product, "product");
    }
}
