package io.orderpipeline.orders.eventstore;

import io.orderpipeline.events.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;

/**
 * The events one command appended to one order stream, stored as one document.
 *
 * @param id the document id; says nothing about the order of versions (an ObjectId orders by second, then by process)
 * @param commandId the command that produced the events, unique across the store
 * @param traceContext the W3C trace context (e.g. {@code traceparent}) of the request that made the commit, so the
 *     relay can put it on the records it publishes later, on another thread; empty when there was none
 */
public record Commit(
        ObjectId id,
        String orderId,
        String commandId,
        List<EventEnvelope> events,
        Instant committedAt,
        Map<String, String> traceContext) {

    public Commit {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a commit holds at least one event");
        }
        events = List.copyOf(events);
        traceContext = Map.copyOf(traceContext);
    }

    public static Commit of(String orderId, String commandId, List<EventEnvelope> events, Instant committedAt) {
        return new Commit(new ObjectId(), orderId, commandId, events, committedAt, Map.of());
    }

    Commit withTraceContext(Map<String, String> fields) {
        return new Commit(id, orderId, commandId, events, committedAt, fields);
    }

    public long fromVersion() {
        return events.getFirst().version();
    }

    public long toVersion() {
        return events.getLast().version();
    }
}
