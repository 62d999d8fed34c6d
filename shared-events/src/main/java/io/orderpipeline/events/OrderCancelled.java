package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

@EventType(name = "OrderCancelled", schemaVersion = 1)
public record OrderCancelled(String reason) implements OrderEvent {

    public OrderCancelled {
        requireNonNull(reason, "reason");
    }
}
