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
 * @param command the command as received: the commit is its entry in the command log and the record a retry with the
 *     same idempotency key is answered from; null for a commit stored without it
 * @param decidedAt for a recorded processing outcome, when the processor decided it (the relay sends it as a header);
 *     null otherwise
 * @param forProcessor whether processor-service acts on the events, so the relay also sends them to the processing
 *     requests: set by the order, which alone knows the status they left (a cancel matters only to a processed order,
 *     whose stock is reserved); false on commits stored without it
 */
public record Commit(
        ObjectId id,
        String orderId,
        String commandId,
        List<EventEnvelope> events,
        Instant committedAt,
        Map<String, String> traceContext,
        Command command,
        Instant decidedAt,
        boolean forProcessor) {

    public Commit {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a commit holds at least one event");
        }
        events = List.copyOf(events);
        traceContext = Map.copyOf(traceContext);
    }

    public Commit(
            ObjectId id,
            String orderId,
            String commandId,
            List<EventEnvelope> events,
            Instant committedAt,
            Map<String, String> traceContext) {
        this(id, orderId, commandId, events, committedAt, traceContext, null, null, false);
    }

    public static Commit of(String orderId, String commandId, List<EventEnvelope> events, Instant committedAt) {
        return new Commit(new ObjectId(), orderId, commandId, events, committedAt, Map.of());
    }

    public static Commit of(
            String orderId,
            String commandId,
            List<EventEnvelope> events,
            Instant committedAt,
            Command command,
            Instant decidedAt,
            boolean forProcessor) {
        return new Commit(
                new ObjectId(), orderId, commandId, events, committedAt, Map.of(), command, decidedAt, forProcessor);
    }

    Commit withTraceContext(Map<String, String> fields) {
        return new Commit(id, orderId, commandId, events, committedAt, fields, command, decidedAt, forProcessor);
    }

    public long fromVersion() {
        return events.getFirst().version();
    }

    public long toVersion() {
        return events.getLast().version();
    }

    /**
     * The accepted command a commit records.
     *
     * @param name e.g. {@code create}, {@code ship}, {@code record-outcome}
     * @param source {@code http} or {@code kafka}
     * @param idempotencyKey the client's key; null without one
     * @param fingerprint of the request that decides its effect (path, content type, {@code If-Match}, body); a retry
     *     with the key and another fingerprint is a different request; null without a key
     */
    public record Command(String name, String source, String idempotencyKey, String fingerprint, Instant receivedAt) {}
}
