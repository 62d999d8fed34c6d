package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * One record of the log as the projection sees it: its position and either the event or why it cannot be read.
 *
 * @param envelope the event, or {@code null} when the record is unreadable
 * @param unreadable why the record could not be read, or {@code null}
 * @param provenance its trace and hop times, {@link Provenance#NONE} for an unreadable record
 */
record ProjectionInput(int partition, long offset, EventEnvelope envelope, String unreadable, Provenance provenance) {

    private static final LogAccessor LOG = new LogAccessor(ProjectionInput.class);

    static ProjectionInput event(int partition, long offset, EventEnvelope envelope) {
        return event(partition, offset, envelope, Provenance.NONE);
    }

    static ProjectionInput event(int partition, long offset, EventEnvelope envelope, Provenance provenance) {
        return new ProjectionInput(partition, offset, envelope, null, provenance);
    }

    static ProjectionInput unreadable(int partition, long offset, String reason) {
        return new ProjectionInput(partition, offset, null, reason, Provenance.NONE);
    }

    /**
     * A record read through spring-kafka's ErrorHandlingDeserializer (no value means the header says why), or still
     * undecoded bytes, decoded here.
     */
    static ProjectionInput of(ConsumerRecord<?, ?> record) {
        if (record.value() instanceof EventEnvelope envelope) {
            return event(record.partition(), record.offset(), envelope, Provenance.of(record));
        }
        if (record.value() instanceof byte[] json) {
            try {
                return event(record.partition(), record.offset(), EventCodec.decode(json), Provenance.of(record));
            } catch (InvalidEventException e) {
                return unreadable(record.partition(), record.offset(), e.getMessage());
            }
        }
        DeserializationException failure =
                SerializationUtils.getExceptionFromHeader(record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return unreadable(record.partition(), record.offset(), failure == null ? "empty value" : reasonOf(failure));
    }

    /** The contract's own words when the codec refused the record, else the deserializer's. */
    private static String reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return t.getMessage();
            }
        }
        return failure.getMessage();
    }
}
