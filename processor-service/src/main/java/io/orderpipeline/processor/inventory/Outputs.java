package io.orderpipeline.processor.inventory;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.processing.Decision;
import io.orderpipeline.processor.processing.Outcomes;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** The records the topology writes, each with fresh headers that carry on only the trace of what caused it. */
final class Outputs {

    private static final EventEnvelopeSerializer ENVELOPES = new EventEnvelopeSerializer();
    private static final String TRACESTATE = "tracestate";

    private Outputs() {}

    /** A request's outcome, keyed by its order, on {@link Topics#PROCESSING_RESULTS}. */
    static Record<String, Routed> outcome(
            Record<String, ?> cause,
            UUID requestEventId,
            String orderId,
            long version,
            String correlationId,
            Decision decision,
            Instant at) {
        EventEnvelope outcome = Outcomes.of(requestEventId, orderId, version, correlationId, decision, at);
        Headers headers = traceOf(cause);
        byte[] value = ENVELOPES.serialize(Topics.PROCESSING_RESULTS, headers, outcome);
        return cause.withKey(orderId)
                .<Routed>withValue(new Emit(Topics.PROCESSING_RESULTS, null, value))
                .withHeaders(headers);
    }

    /** A change of a product's stock, keyed by the product, on {@link Topics#INVENTORY_EVENTS}. */
    static Record<String, Routed> stockEvent(Record<String, ?> cause, StockEvent event) {
        return cause.withKey(event.product())
                .<Routed>withValue(new Emit(Topics.INVENTORY_EVENTS, null, StockEventCodec.encode(event)))
                .withHeaders(traceOf(cause));
    }

    /** Only the W3C trace context of the cause: its other headers describe the cause, not this record. */
    static Headers traceOf(Record<String, ?> cause) {
        Headers headers = new RecordHeaders();
        for (String name : new String[] {EventHeaders.TRACEPARENT, TRACESTATE}) {
            Header header = cause.headers().lastHeader(name);
            if (header != null) {
                headers.add(name, header.value());
            }
        }
        return headers;
    }
}
