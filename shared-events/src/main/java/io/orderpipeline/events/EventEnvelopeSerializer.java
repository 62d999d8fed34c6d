package io.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Writes the JSON envelope as the record value and repeats its identity in headers (see {@link EventHeaders}). */
public class EventEnvelopeSerializer implements Serializer<EventEnvelope> {

    @Override
    public byte[] serialize(String topic, EventEnvelope envelope) {
        return envelope == null ? null : EventCodec.encode(envelope);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, EventEnvelope envelope) {
        if (envelope == null) {
            return null;
        }
        put(headers, EventHeaders.EVENT_TYPE, envelope.type());
        put(headers, EventHeaders.EVENT_ID, envelope.eventId().toString());
        put(headers, EventHeaders.SCHEMA_VERSION, Integer.toString(envelope.schemaVersion()));
        put(headers, EventHeaders.CORRELATION_ID, envelope.correlationId());
        return EventCodec.encode(envelope);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
