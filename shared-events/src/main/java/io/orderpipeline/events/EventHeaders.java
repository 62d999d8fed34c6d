package io.orderpipeline.events;

/** Kafka record headers that repeat envelope fields, so tools can filter without parsing the value. */
public final class EventHeaders {

    public static final String EVENT_TYPE = "event-type";
    public static final String EVENT_ID = "event-id";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String CORRELATION_ID = "correlation-id";

    private EventHeaders() {}
}
