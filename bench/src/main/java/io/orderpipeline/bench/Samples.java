package io.orderpipeline.bench;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The messages the raw limits and the rebuild write, shaped and sized like the services' own: the envelope of an
 * {@code OrderCreated} as orders-service publishes it, the commit document its event store inserts, the order row
 * query-service upserts.
 */
final class Samples {

    private final String product;
    private final int quantity;

    Samples(BenchSettings settings) {
        this.product = settings.product();
        this.quantity = settings.quantity();
    }

    EventEnvelope created(String orderId) {
        return envelope(
                orderId, 1, new OrderCreated("bench-" + Math.floorMod(orderId.hashCode(), 1000), product, quantity));
    }

    /** A valid second event that no service reacts to (processor-service only answers processing requests). */
    EventEnvelope cancelled(String orderId) {
        return envelope(orderId, 2, new OrderCancelled("bench"));
    }

    private static EventEnvelope envelope(String orderId, long version, io.orderpipeline.events.OrderEvent event) {
        String id = UUID.randomUUID().toString();
        return new EventEnvelope(UUID.randomUUID(), orderId, version, Instant.now(), id, id, event);
    }

    byte[] createdBytes(String orderId) {
        return EventCodec.encode(created(orderId));
    }

    /** The document orders-service's event store inserts for a create: one commit holding one envelope. */
    Document commit(String orderId) {
        return commit(created(orderId));
    }

    /** The commit of one envelope at version 1, as orders-service's event store inserts it for a create. */
    static Document commit(EventEnvelope created) {
        return new Document("_id", new ObjectId())
                .append("orderId", created.orderId())
                .append("fromVersion", 1L)
                .append("toVersion", 1L)
                .append("commandId", created.orderId())
                .append("events", List.of(Document.parse(EventCodec.encodeToString(created))))
                .append("committedAt", new Date())
                .append("published", false);
    }

    /** A new order's first envelope, as orders-service builds it for a create. */
    static EventEnvelope created(String orderId, OrderCreated created) {
        String id = UUID.randomUUID().toString();
        return new EventEnvelope(UUID.randomUUID(), orderId, 1, Instant.now(), id, id, created);
    }
}
