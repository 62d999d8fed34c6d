package io.orderpipeline.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    /** The same records split by partition, each keeping its log order: partitions can be written in parallel. */
    List<Batch> byPartition() {
        Map<Integer, List<ProjectionInput>> split = new TreeMap<>();
        inputs.forEach(input -> split.computeIfAbsent(input.partition(), partition -> new ArrayList<>())
                .add(input));
        return split.entrySet().stream()
                .map(entry -> new Batch(
                        entry.getValue(),
                        positions.containsKey(entry.getKey())
                                ? Map.of(entry.getKey(), positions.get(entry.getKey()))
                                : Map.of()))
                .toList();
    }

    /** This batch without the records (and positions) of the given partitions. */
    Batch without(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return this;
        }
        Map<Integer, Long> kept = new HashMap<>(positions);
        kept.keySet().removeAll(partitions);
        return new Batch(
                inputs.stream()
                        .filter(input -> !partitions.contains(input.partition()))
                        .toList(),
                kept);
    }

    static Batch of(Iterable<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
        List<ProjectionInput> inputs = new ArrayList<>();
        Map<Integer, Long> positions = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            inputs.add(ProjectionInput.of(record));
            positions.computeIfAbsent(
                    record.partition(), partition -> consumer.position(new TopicPartition(record.topic(), partition)));
        }
        return new Batch(inputs, positions);
    }
}
