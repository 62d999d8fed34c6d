package io.orderpipeline.processor.inventory.web;

/** Bounds of what a client may send. */
final class StockRequests {

    /** The most units one request may receive or count; far below what a long holds, so sums cannot overflow. */
    static final long MAX_UNITS = 1_000_000_000L;

    /** Characters of a reason; the same bound as an order's cancel reason. */
    static final int MAX_REASON = 500;

    /** The rule orders-service applies to an order's product. */
    static final int MAX_PRODUCT = 128;

    private StockRequests() {}
}
