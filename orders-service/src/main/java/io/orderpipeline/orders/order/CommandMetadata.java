package io.orderpipeline.orders.order;

import java.util.UUID;

/**
 * Who asked for a command and why.
 *
 * @param commandId unique id of the command; a second command with this id has no effect
 * @param correlationId carried by every event that follows from the original request
 */
public record CommandMetadata(String commandId, String correlationId, String causationId) {

    /** A command that starts a new conversation: its own id is its correlation and causation. */
    public static CommandMetadata newRequest() {
        String id = UUID.randomUUID().toString();
        return new CommandMetadata(id, id, id);
    }
}
