package io.orderpipeline.orders.eventstore;

/** A commit for this command id exists already: the command was handled before. */
public class DuplicateCommandException extends RuntimeException {

    public DuplicateCommandException(String commandId) {
        super("command " + commandId + " was already handled");
    }
}
