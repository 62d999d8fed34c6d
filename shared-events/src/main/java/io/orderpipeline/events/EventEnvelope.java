package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One event of one order stream with its metadata, exactly as it travels on Kafka and is stored in MongoDB.
 *
 * @param eventId unique id of this event, the deduplication key of consumers
 * @param orderId the stream the event belongs to, also the Kafka record key
 * @param version position of the event in its stream, starting at 1
 * @param occurredAt when the event was recorded; kept to the millisecond, the precision of the wire format
 * @param correlationId id shared by every event caused, directly or not, by one request
 * @param causationId id of the command or event that caused this one
 * @param event the payload; its type name and schema version are derived from its class
 */
public record EventEnvelope(
        UUID eventId,
        String orderId,
        long version,
        Instant occurredAt,
        String correlationId,
        String causationId,
        OrderEvent event) {

    public EventEnvelope {
        requireNonNull(eventId, "eventId");
        requireNonNull(orderId, "orderId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(correlationId, "correlationId");
        requireNonNull(causationId, "causationId");
        requireNonNull(event, "event");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public String type() {
        return EventTypes.nameOf(event.getClass());
    }

    public int schemaVersion() {
        return EventTypes.schemaVersionOf(event.getClass());
    }
}
