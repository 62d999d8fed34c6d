package io.orderpipeline.orders.order;

public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("no order " + orderId);
    }
}
