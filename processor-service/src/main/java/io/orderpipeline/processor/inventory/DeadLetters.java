package io.orderpipeline.processor.inventory;

import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A record the topology cannot act on, as a dead letter on {@code <topic>.DLT}: the original bytes and headers, on
 * the original partition, with the headers spring-kafka's dead-letter publisher writes. Sent by the topology itself,
 * so it commits in the task's transaction with the consumed offset.
 */
final class DeadLetters {

    private static final LogAccessor LOG = new LogAccessor(DeadLetters.class);

    private DeadLetters() {}

    static <K> Record<K, Routed> of(Record<K, byte[]> record, RecordMetadata origin, Exception reason) {
        LOG.warn(() -> "dead-lettering " + origin.topic() + "-" + origin.partition() + "@" + origin.offset() + ": "
                + reason.getMessage());
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.REASON, text(reason.getMessage()));
        put(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC, text(origin.topic()));
        put(
                headers,
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(origin.partition()).array());
        put(
                headers,
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(origin.offset()).array());
        put(
                headers,
                KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
                ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        put(headers, KafkaHeaders.DLT_EXCEPTION_FQCN, text(reason.getClass().getName()));
        put(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE, text(reason.getMessage()));
        Emit emit = new Emit(origin.topic() + Topics.DEAD_LETTER_SUFFIX, origin.partition(), record.value());
        return record.<Routed>withValue(emit).withHeaders(headers);
    }

    private static byte[] text(String value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }
}
