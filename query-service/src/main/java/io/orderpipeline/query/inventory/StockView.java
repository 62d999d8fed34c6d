package io.orderpipeline.query.inventory;

import java.time.Instant;

/**
 * One product's stock as the inventory projection keeps it in {@code inventory}. Read-only: only the projection
 * writes.
 *
 * @param available on hand minus reserved, computed by PostgreSQL
 * @param changedAt the event's {@code occurredAt}
 */
record StockView(String product, long onHand, long reserved, long available, long version, Instant changedAt) {}
