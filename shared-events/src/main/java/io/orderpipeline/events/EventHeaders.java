package io.orderpipeline.events;

import java.util.regex.Pattern;

/**
 * Kafka record headers that repeat envelope fields, so tools can filter without parsing the value, and the W3C trace
 * context every record carries.
 */
public final class EventHeaders {

    public static final String EVENT_TYPE = "event-type";
    public static final String EVENT_ID = "event-id";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String CORRELATION_ID = "correlation-id";

    /**
     * When orders-service committed the record's event to MongoDB, ISO-8601 UTC to the millisecond: the first hop of
     * the event's timeline (the record's own timestamp is when the outbox relay sent it).
     */
    public static final String COMMITTED_AT = "committed-at";

    /**
     * On a recorded processing outcome ({@code OrderProcessed}, {@code OrderRejected}): when processor-service decided
     * it, ISO-8601 UTC to the millisecond. Between the request's and the outcome's commit times.
     */
    public static final String DECIDED_AT = "decided-at";

    /** W3C trace context: {@code <version>-<trace id>-<parent span id>-<flags>}, lower-case hex. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern WELL_FORMED_TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}.*");

    private EventHeaders() {}

    /** The trace id of a {@code traceparent} value; {@code null} for none or one that is not well formed. */
    public static String traceIdOf(String traceparent) {
        return traceparent != null
                        && WELL_FORMED_TRACEPARENT.matcher(traceparent).matches()
                ? traceparent.substring(3, 35)
                : null;
    }
}
