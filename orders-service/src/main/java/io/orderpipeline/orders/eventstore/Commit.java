package io.orderpipeline.orders.eventstore;

import io.orderpipeline.events.EventEnvelope;
import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * The events one command appended to one order stream, stored as one document.
 *
 * @param id insertion-ordered id; the outbox relay publishes in this order
 * @param commandId the command that produced the events, unique across the store
 */
public record Commit(ObjectId id, String orderId, String commandId, List<EventEnvelope> events, Instant committedAt) {

    public Commit {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a commit holds at least one event");
        }
        events = List.copyOf(events);
    }

    public static Commit of(String orderId, String commandId, List<EventEnvelope> events, Instant committedAt) {
        return new Commit(new ObjectId(), orderId, commandId, events, committedAt);
    }

    public long fromVersion() {
        return events.getFirst().version();
    }

    public long toVersion() {
        return events.getLast().version();
    }
}
