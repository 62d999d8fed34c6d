package io.orderpipeline.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll and where the consumer stood after it. The position can be past the last record (a
 * transaction marker takes an offset too); storing it keeps the reported lag at zero when everything is applied.
 *
 * @param positions next offset of the consumer per partition of the batch, read before any seek
 */
record Batch(List<ProjectionInput> inputs, Map<Integer, Long> positions) {

    static Batch of(Iterable<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
        Map<Integer, Long> positions = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            positions.computeIfAbsent(
                    record.partition(), partition -> consumer.position(new TopicPartition(record.topic(), partition)));
        }
        return decode(records, positions);
    }

    /**
     * Decodes the records: on any thread, as the positions are read already (the consumer is not thread-safe).
     */
    static Batch decode(Iterable<? extends ConsumerRecord<?, ?>> records, Map<Integer, Long> positions) {
        List<ProjectionInput> inputs = new ArrayList<>();
        records.forEach(record -> inputs.add(ProjectionInput.of(record)));
        return new Batch(inputs, positions);
    }
}
