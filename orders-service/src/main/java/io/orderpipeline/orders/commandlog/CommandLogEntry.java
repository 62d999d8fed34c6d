package io.orderpipeline.orders.commandlog;

import java.time.Duration;
import java.time.Instant;

/**
 * A command that left no commit: refused, replayed or failed (an accepted command is recorded by its commit).
 *
 * @param source {@code http} or {@code kafka}
 * @param command the command's name, e.g. {@code create}, {@code ship}, {@code record-outcome}
 * @param orderId the order it addressed, null if it never got one (a refused create)
 * @param commandId the id its events carry as causation; null if it was refused before it got one
 * @param idempotencyKey the client's key, null without one
 * @param outcome what became of it
 * @param status the HTTP status answered; null for Kafka, and for a replay (it repeats the original's)
 * @param version the order's version after it, when accepted or replayed
 * @param reason why it was refused, in the words the client got
 * @param took from receipt to answer; null when the layer that refused it did not see it arrive
 */
public record CommandLogEntry(
        Instant receivedAt,
        String source,
        String command,
        String orderId,
        String commandId,
        String idempotencyKey,
        Outcome outcome,
        Integer status,
        Long version,
        String reason,
        Duration took) {

    public enum Outcome {
        ACCEPTED,
        REFUSED,
        /** A retry answered from an earlier identical request; it had no effect of its own. */
        REPLAYED,
        /** The service failed to answer it; it may or may not have had an effect (see the event store). */
        FAILED
    }
}
