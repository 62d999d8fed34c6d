package io.orderpipeline.processor.inventory.web;

/** The stock could not be asked now (no reply in time, a store moving in a rebalance, its owner away): retry later. */
class StockUnavailableException extends RuntimeException {

    StockUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
