package io.orderpipeline.processor.processing;

/**
 * Why an order was rejected, as a closed set: the metric tag (bounded, unlike the reason text of the event, which
 * names the product or quantity).
 */
public enum RejectionReason {
    UNKNOWN_PRODUCT("unknown-product"),
    QUANTITY_NOT_POSITIVE("quantity-not-positive"),
    QUANTITY_ABOVE_MAXIMUM("quantity-above-maximum"),
    SIMULATED_FAILURE("simulated-failure"),
    INSUFFICIENT_STOCK("stock");

    private final String tag;

    RejectionReason(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
