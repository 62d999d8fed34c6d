package io.orderpipeline.orders.order;

/** Order ids as the API takes them in a path. */
public final class OrderIds {

    /** The read model's {@code orders.order_id} is a {@code varchar(100)}; ours are UUIDs, far shorter. */
    public static final int MAX_LENGTH = 100;

    private OrderIds() {}
}
