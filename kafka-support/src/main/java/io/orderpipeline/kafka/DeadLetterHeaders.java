package io.orderpipeline.kafka;

/**
 * Headers a dead letter carries besides spring-kafka's own {@code kafka_dlt-original-topic}, {@code
 * kafka_dlt-original-partition}, {@code kafka_dlt-original-offset} and {@code kafka_dlt-exception-*}.
 */
public final class DeadLetterHeaders {

    /** Why the record was given up on, in words: the innermost cause, not the wrapper of the framework. */
    public static final String REASON = "dlt-reason";

    private DeadLetterHeaders() {}
}
