package io.orderpipeline.query.projection;

import java.time.Instant;

/**
 * A parked order as an operator sees it: the event it waits on (its first parked version) and how many wait.
 *
 * @param waitingEvents parked events of the order, the first one included
 */
record ParkedOrder(
        String orderId,
        long firstParkedVersion,
        ParkedEvent.Cause cause,
        String reason,
        int partition,
        long offset,
        Instant parkedAt,
        long waitingEvents) {}
