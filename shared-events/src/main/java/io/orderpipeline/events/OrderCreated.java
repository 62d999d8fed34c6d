package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

@EventType(name = "OrderCreated", schemaVersion = 1)
public record OrderCreated(String customerId, String product, int quantity) implements OrderEvent {

    public OrderCreated {
        requireNonNull(customerId, "customerId");
        requireNonNull(product, "product");
    }
}
