package io.orderpipeline.query.inventory;

import java.time.Instant;

/**
 * One product's stock as {@code GET /inventory} answers it.
 *
 * @param available on hand minus reserved: what an order can still reserve
 * @param version the product's stream version the row reflects
 * @param changedAt when processor-service decided the change (the event's {@code occurredAt})
 */
record StockJson(String product, long onHand, long reserved, long available, long version, Instant changedAt) {

    static StockJson of(StockView view) {
        return new StockJson(
                view.product(), view.onHand(), view.reserved(), view.available(), view.version(), view.changedAt());
    }
}
