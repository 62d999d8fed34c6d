package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import java.time.Instant;

/**
 * An event of a parked order, stored in {@code parked_events} until its order can go on.
 *
 * @param partition where it was read, with its offset: for the operator, and to lock that partition while draining
 * @param provenance the trace and hop times its record carried, for its history row once it is applied
 */
record ParkedEvent(
        String orderId,
        long version,
        Cause cause,
        String reason,
        int partition,
        long offset,
        EventEnvelope envelope,
        Instant parkedAt,
        Provenance provenance) {

    /** Why an order's first parked event cannot be applied; every later one waits {@link #BEHIND} it. */
    enum Cause {
        /** An earlier version never arrived. Drains by itself once it does (e.g. republished by orders-service). */
        GAP,
        /** PostgreSQL refused the row it leads to (a NUL character, a value too long for its column, …). */
        REFUSED,
        /** The stream cannot have this event (e.g. a stream not starting with OrderCreated). */
        UNPROJECTABLE,
        /** Waits behind an earlier parked version of its order. */
        BEHIND
    }

    ParkedEvent because(Cause newCause, String newReason) {
        return new ParkedEvent(
                orderId, version, newCause, newReason, partition, offset, envelope, parkedAt, provenance);
    }
}
