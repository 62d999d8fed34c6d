package io.orderpipeline.orders.order;

import java.util.List;

/** The command is not allowed in the order's current status. */
public class IllegalTransitionException extends RuntimeException {

    private final OrderStatus status;
    private final String command;

    IllegalTransitionException(String command, OrderStatus status) {
        super("cannot " + command + " an order that is " + status);
        this.status = status;
        this.command = command;
    }

    public OrderStatus status() {
        return status;
    }

    public String command() {
        return command;
    }

    public List<String> allowedCommands() {
        return status.allowedCommands();
    }
}
