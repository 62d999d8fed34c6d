package io.orderpipeline.events;

/**
 * Topic names of DESIGN.md. The order topics are keyed by order id, so the events of one order share a partition; the
 * inventory's are keyed by product.
 */
public final class Topics {

    /** Every committed event of every order, published by orders-service's outbox relay. */
    public static final String ORDER_EVENTS = "orders.events";

    /**
     * The events of {@link #ORDER_EVENTS} processor-service acts on, again, published beside them by the same relay, so
     * it reads only those: every {@code OrderProcessingRequested} (reserve stock), and the {@code OrderShipped} (consume
     * the reservation) or {@code OrderCancelled} (release it) that ends a processed order. A cancel of an order never
     * processed holds no stock and is not sent.
     */
    public static final String PROCESSING_REQUESTS = "orders.processing-requests";

    /** Outcomes of processing requests, published by processor-service. */
    public static final String PROCESSING_RESULTS = "orders.processing-results";

    /**
     * Every change of every product's stock ({@link StockEvent}, JSON of {@link StockEventCodec}), keyed by product,
     * written by processor-service's inventory topology in the same transactions as its decisions.
     */
    public static final String INVENTORY_EVENTS = "inventory.events";

    /**
     * Stock commands sent by processor-service's HTTP admin to its own inventory topology, keyed by product; listed
     * here for the dead letters of it that query-service counts.
     */
    public static final String INVENTORY_COMMANDS = "inventory.commands";

    /** Suffix of the dead-letter topic of a topic, as spring-kafka's dead-letter publisher names it. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {}
}
