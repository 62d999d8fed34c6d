package io.orderpipeline.orders.eventstore;

import io.orderpipeline.events.EventEnvelope;

/**
 * A stored event and the W3C trace id of the commit that stored it, to open in the trace UI.
 *
 * @param traceId {@code null} for a commit stored without trace context
 */
public record TracedEvent(EventEnvelope envelope, String traceId) {}
