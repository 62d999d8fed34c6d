package io.orderpipeline.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One change of one product's stock on {@link Topics#INVENTORY_EVENTS}, keyed by product, with the whole stock after
 * it: a reader applies the newest {@code version} per product and needs nothing else (processor-service writes these
 * events; its state per product is rebuilt from them).
 *
 * @param eventId unique id of this event, the deduplication key of consumers
 * @param type what changed
 * @param product the stream the event belongs to, also the Kafka record key
 * @param version position of the event in the product's stream, starting at 1
 * @param occurredAt when the change was decided, to the millisecond
 * @param quantity units received, the count set, or the order's units reserved, released or consumed
 * @param onHand units on hand after the change
 * @param reserved units reserved after the change, never above {@code onHand}
 * @param orderId the order a reservation change belongs to; null for a receipt or a count
 * @param reason why, in words, e.g. {@code stock count} or {@code initial stock}; null when the type says it all
 */
public record StockEvent(
        UUID eventId,
        Type type,
        String product,
        long version,
        Instant occurredAt,
        long quantity,
        long onHand,
        long reserved,
        String orderId,
        String reason) {

    /** The wire names of the changes. */
    public enum Type {
        /** Units arrived: on hand rises. */
        StockReceived,
        /** On hand was counted and set; never below reserved. */
        OnHandSet,
        /** An order's units were set aside: reserved rises. */
        StockReserved,
        /** A cancelled order's units are free again: reserved falls. */
        ReservationReleased,
        /** A shipped order's units left: on hand and reserved both fall. */
        ReservationConsumed
    }

    public StockEvent {
        requireNonNull(eventId, "eventId");
        requireNonNull(type, "type");
        requireNonNull(product, "product");
        requireNonNull(occurredAt, "occurredAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        if (quantity < 0 || reserved < 0 || reserved > onHand) {
            throw new IllegalArgumentException(
                    "stock out of bounds: quantity " + quantity + ", on hand " + onHand + ", reserved " + reserved);
        }
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Units an order can still reserve: on hand minus reserved, never negative. */
    public long available() {
        return onHand - reserved;
    }
}
