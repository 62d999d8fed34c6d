package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.inventory.Stock;

/** A product's stock as the HTTP admin answers it; {@code available} is on hand minus reserved. */
record StockView(String product, long onHand, long reserved, long available, long version) {

    static StockView of(Stock stock) {
        return new StockView(stock.product(), stock.onHand(), stock.reserved(), stock.available(), stock.version());
    }
}
