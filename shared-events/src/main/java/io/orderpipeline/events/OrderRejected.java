package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

@EventType(name = "OrderRejected", schemaVersion = 1)
public record OrderRejected(String reason) implements OrderEvent {

    public OrderRejected {
        requireNonNull(reason, "reason");
    }
}
