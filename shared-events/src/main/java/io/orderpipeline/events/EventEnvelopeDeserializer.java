package io.orderpipeline.events;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the JSON envelope. Throws {@link InvalidEventException} for anything unreadable; wrap it in spring-kafka's
 * {@code ErrorHandlingDeserializer} so such records reach the dead-letter topic instead of stopping the partition.
 */
public class EventEnvelopeDeserializer implements Deserializer<EventEnvelope> {

    @Override
    public EventEnvelope deserialize(String topic, byte[] data) {
        return EventCodec.decode(data);
    }
}
