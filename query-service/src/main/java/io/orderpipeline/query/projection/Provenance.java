package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * What a record carried besides its event, kept with the event's history row: its trace and the times of the hops
 * before the read model. Each is {@code null} when the record did not carry it (or carried something unreadable).
 *
 * @param traceId the trace id of its {@code traceparent} header
 * @param committedAt when orders-service committed the event (header {@code committed-at})
 * @param publishedAt when the record reached Kafka (its CreateTime timestamp)
 * @param decidedAt when processor-service decided the outcome it records (header {@code decided-at})
 */
record Provenance(String traceId, Instant committedAt, Instant publishedAt, Instant decidedAt) {

    static final Provenance NONE = new Provenance(null, null, null, null);

    static Provenance of(ConsumerRecord<?, ?> record) {
        return new Provenance(
                traceIdOf(record),
                instantOf(record, EventHeaders.COMMITTED_AT),
                record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE || record.timestamp() < 0
                        ? null
                        : Instant.ofEpochMilli(record.timestamp()),
                instantOf(record, EventHeaders.DECIDED_AT));
    }

    /**
     * The trace id of the record's W3C {@code traceparent}, read from the header rather than from the receive span,
     * so the rebuild, which opens no spans, stores the same ids as the live projection.
     */
    private static String traceIdOf(ConsumerRecord<?, ?> record) {
        Header traceparent = record.headers().lastHeader(EventHeaders.TRACEPARENT);
        return traceparent == null
                ? null
                : EventHeaders.traceIdOf(new String(traceparent.value(), StandardCharsets.UTF_8));
    }

    /** A timeline header is informative only: one that cannot be read leaves its hop out, it never stops the event. */
    private static Instant instantOf(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
