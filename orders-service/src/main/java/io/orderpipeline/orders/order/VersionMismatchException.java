package io.orderpipeline.orders.order;

/** The client's expected version ({@code If-Match}) is not the order's current version: it decided on stale data. */
public class VersionMismatchException extends RuntimeException {

    private final long expectedVersion;

    VersionMismatchException(String orderId, long expectedVersion, String actual) {
        super("order " + orderId + " is not at version " + expectedVersion + " any more: " + actual);
        this.expectedVersion = expectedVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
