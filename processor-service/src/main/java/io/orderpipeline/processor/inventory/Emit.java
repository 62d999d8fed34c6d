package io.orderpipeline.processor.inventory;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record the topology writes as it is: an outcome, a stock event, a reply or a dead letter. One sink writes them
 * all, so every output of a task is in the task's transaction.
 *
 * @param topic where it goes (a reply goes where its command's reply-topic header said)
 * @param partition the partition it must go to (a dead letter: its original's; a reply: the one asked for), or null
 *     for the partition of its key
 * @param value the bytes as they go on the wire
 */
record Emit(String topic, Integer partition, byte[] value) implements Routed {

    static final TopicNameExtractor<String, Emit> TOPIC = (key, emit, context) -> emit.topic();

    static final StreamPartitioner<String, Emit> PARTITION = (topic, key, emit, partitions) ->
            emit.partition() == null ? Optional.empty() : Optional.of(Set.of(emit.partition()));

    /** Only ever written, never read back. */
    static final Serde<Emit> SERDE = Serdes.serdeFrom((topic, emit) -> emit == null ? null : emit.value(), (t, b) -> {
        throw new UnsupportedOperationException("emits are not read back");
    });
}
