package io.orderpipeline.orders.eventstore;

/** Another command appended to the stream since it was read: the expected version is taken. */
public class ConcurrentAppendException extends RuntimeException {

    public ConcurrentAppendException(String orderId, long expectedVersion) {
        super("order " + orderId + " changed after version " + expectedVersion);
    }
}
