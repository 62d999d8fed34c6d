package io.orderpipeline.orders.order;

import java.time.Instant;

/** No event of the order exists (at the instant asked for). */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("no order " + orderId);
    }

    OrderNotFoundException(String orderId, Instant asOf) {
        super("no order " + orderId + " existed at " + asOf);
    }
}
