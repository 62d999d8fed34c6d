package io.orderpipeline.orders.order.web;

/** Request attributes the command filters and the controller hand each other. */
final class CommandRequests {

    /** The command id to use: the one an idempotency key is bound to, else a new one minted for the request. */
    static final String COMMAND_ID = CommandRequests.class.getName() + ".commandId";

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final String CORRELATION_ID_HEADER = "X-Correlation-Id";

    private CommandRequests() {}
}
