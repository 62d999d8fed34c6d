package io.orderpipeline.orders.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Who asked for a command, how and why.
 *
 * @param commandId unique id of the command; a second command with this id has no effect
 * @param correlationId carried by every event that follows from the original request
 * @param source {@link #HTTP} or {@link #KAFKA}
 * @param idempotencyKey the client's key, from which the command id is derived; null without one
 * @param fingerprint of everything in a keyed request that decides its effect; null without a key
 */
public record CommandMetadata(
        String commandId,
        String correlationId,
        String causationId,
        String source,
        String idempotencyKey,
        String fingerprint,
        Instant receivedAt) {

    public static final String HTTP = "http";
    public static final String KAFKA = "kafka";

    /** An HTTP command without a key that starts a new conversation: its own id is its correlation and causation. */
    public static CommandMetadata newRequest() {
        String id = UUID.randomUUID().toString();
        return new CommandMetadata(id, id, id, HTTP, null, null, Instant.now());
    }

    /**
     * Whether a commit of this command id may exist already: a keyed retry, or a redelivered Kafka record. A fresh
     * random id cannot have been committed, so its refusals need no look-up.
     */
    boolean mayBeRepeated() {
        return idempotencyKey != null || KAFKA.equals(source);
    }
}
