package io.orderpipeline.orders.commandlog;

import java.time.Duration;
import java.time.Instant;

/**
 * One command as received and answered.
 *
 * @param source {@code http} or {@code kafka}
 * @param command the command's name, e.g. {@code create}, {@code ship}, {@code record-outcome}
 * @param orderId the order it addressed, null if it never got one (a refused create)
 * @param commandId the id its events carry as causation; null if it was refused before it got one
 * @param idempotencyKey the client's key, null without one
 * @param outcome what became of it
 * @param status the HTTP status answered (0 for Kafka)
 * @param version the order's version after it, when accepted or replayed
 * @param reason why it was refused, in the words the client got
 */
public record CommandLogEntry(
        Instant receivedAt,
        String source,
        String command,
        String orderId,
        String commandId,
        String idempotencyKey,
        Outcome outcome,
        int status,
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
