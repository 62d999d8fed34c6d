package io.orderpipeline.processor.inventory;

import java.util.UUID;

/**
 * A change of one product's stock for the product's task, on the repartition topic keyed by product: an order's
 * reservation, its release or consumption, or a command from the HTTP admin.
 *
 * @param orderId the order of a reservation change; null for a command
 * @param request the request a {@link Kind#RESERVE} answers; null otherwise
 * @param command the admin's command of {@link Kind#COMMAND}; null otherwise
 */
record Work(Kind kind, String product, long quantity, String orderId, Request request, StockCommand command)
        implements Routed {

    enum Kind {
        RESERVE,
        RELEASE,
        CONSUME,
        COMMAND
    }

    /** What the outcome of a reservation needs of its request (see {@code processing.Outcomes}). */
    record Request(UUID eventId, long version, String correlationId) {}

    static Work reserve(String orderId, String product, long quantity, Request request) {
        return new Work(Kind.RESERVE, product, quantity, orderId, request, null);
    }

    static Work settle(Kind kind, OrderHold hold, String orderId) {
        return new Work(kind, hold.product(), hold.quantity(), orderId, null, null);
    }

    static Work command(StockCommand command) {
        return new Work(Kind.COMMAND, command.product(), command.quantity(), null, null, command);
    }
}
