package io.orderpipeline.events;

/** Topic names of DESIGN.md. Every topic is keyed by order id, so the events of one order share a partition. */
public final class Topics {

    /** Every committed event of every order, published by orders-service's outbox relay. */
    public static final String ORDER_EVENTS = "orders.events";

    /**
     * The {@code OrderProcessingRequested} events of {@link #ORDER_EVENTS} again, published beside them by the same
     * relay, so processor-service reads only what it acts on.
     */
    public static final String PROCESSING_REQUESTS = "orders.processing-requests";

    /** Outcomes of processing requests, published by processor-service. */
    public static final String PROCESSING_RESULTS = "orders.processing-results";

    /** Suffix of the dead-letter topic of a topic, as spring-kafka's dead-letter publisher names it. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {}
}
