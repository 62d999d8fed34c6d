package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.inventory.Stock;

/** The topology refused a stock change (e.g. on hand below reserved); nothing changed. */
class StockChangeRefusedException extends RuntimeException {

    private final transient Stock stock;

    StockChangeRefusedException(String refusal, Stock stock) {
        super(refusal, null, false, false);
        this.stock = stock;
    }

    /** The product's stock, unchanged by the refused command. */
    Stock stock() {
        return stock;
    }
}
