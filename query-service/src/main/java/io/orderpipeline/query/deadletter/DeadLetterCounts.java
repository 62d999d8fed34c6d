package io.orderpipeline.query.deadletter;

import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/** Records per dead-letter topic, with the time and reason of the last one, as read since this instance started. */
@Component
class DeadLetterCounts {

    /** The dead-letter topics of the pipeline's consumers, in the order the page shows them. */
    static final List<String> TOPICS = List.of(
            Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX,
            Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX,
            Topics.PROCESSING_RESULTS + Topics.DEAD_LETTER_SUFFIX,
            Topics.INVENTORY_EVENTS + Topics.DEAD_LETTER_SUFFIX,
            Topics.INVENTORY_COMMANDS + Topics.DEAD_LETTER_SUFFIX);

    private record PartitionCount(long records, long lastOffset, Instant lastAt, String lastReason) {}

    record TopicCount(String topic, long records, Instant lastAt, String lastReason) {}

    private final Map<TopicPartition, PartitionCount> partitions = new ConcurrentHashMap<>();

    /** Counts a record once, also when a rebalance hands its partition back from the beginning. */
    void count(ConsumerRecord<?, ?> record) {
        partitions.compute(
                new TopicPartition(record.topic(), record.partition()),
                (partition, counted) -> counted != null && record.offset() <= counted.lastOffset()
                        ? counted
                        : new PartitionCount(
                                (counted == null ? 0 : counted.records()) + 1,
                                record.offset(),
                                Instant.ofEpochMilli(record.timestamp()),
                                reasonOf(record)));
    }

    List<TopicCount> topics() {
        return TOPICS.stream().map(this::topic).toList();
    }

    private TopicCount topic(String topic) {
        List<PartitionCount> counts = partitions.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic))
                .map(Map.Entry::getValue)
                .toList();
        long records = counts.stream().mapToLong(PartitionCount::records).sum();
        return counts.stream()
                .max(Comparator.comparing(PartitionCount::lastAt))
                .map(last -> new TopicCount(topic, records, last.lastAt(), last.lastReason()))
                .orElse(new TopicCount(topic, 0, null, null));
    }

    /** Our recoverers' reason in words when there is one, else spring-kafka's exception message. */
    private static String reasonOf(ConsumerRecord<?, ?> record) {
        for (String name : List.of(DeadLetterHeaders.REASON, KafkaHeaders.DLT_EXCEPTION_MESSAGE)) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
