package io.orderpipeline.query.projection;

import java.time.Instant;

/**
 * That an order is parked, as its own view shows it: the version it waits on, why, and how many events wait.
 *
 * @param cause GAP, REFUSED or UNPROJECTABLE (see {@code GET /admin/parked/{orderId}} for every event)
 */
public record ParkedState(long firstParkedVersion, String cause, String reason, long waitingEvents, Instant parkedAt) {}
