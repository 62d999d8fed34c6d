package io.orderpipeline.orders.order;

import java.util.List;

/** Where an order is in its lifecycle, and which commands it accepts there (see DESIGN.md). */
public enum OrderStatus {
    CREATED(List.of("process", "cancel")),
    PROCESSING(List.of()),
    PROCESSED(List.of("ship", "cancel")),
    REJECTED(List.of()),
    SHIPPED(List.of("deliver")),
    DELIVERED(List.of()),
    CANCELLED(List.of());

    private final List<String> allowedCommands;

    OrderStatus(List<String> allowedCommands) {
        this.allowedCommands = allowedCommands;
    }

    /** The HTTP commands a client may send in this status; outcomes of the processor are not listed. */
    public List<String> allowedCommands() {
        return allowedCommands;
    }
}
