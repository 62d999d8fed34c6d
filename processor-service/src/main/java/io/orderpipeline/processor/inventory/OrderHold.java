package io.orderpipeline.processor.inventory;

/**
 * What the order stage remembers of an order (store {@link InventoryTopology#ORDER_STOCK_STORE}): enough to drop a
 * duplicate request and to route the order's ship or cancel to its product, once.
 */
record OrderHold(String product, long quantity, State state) {

    enum State {
        /** Rejected by the rules: holds no stock, its ship or cancel is not expected. */
        REJECTED,
        /** Sent to its product's task, which reserved or refused it. */
        SENT,
        /** Its ship or cancel was sent to its product's task; anything after it is a duplicate. */
        SETTLED
    }

    OrderHold settled() {
        return new OrderHold(product, quantity, State.SETTLED);
    }
}
