package io.orderpipeline.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.InvalidEventException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * The live projection of {@code inventory.events}, the order projection's machinery on another topic: one PostgreSQL
 * transaction per poll with the rows and the next offsets, a seek to those offsets on assignment, read_committed (the
 * processor writes in Kafka transactions). An unreadable record goes to {@code inventory.events.DLT} before the
 * transaction that steps past it commits.
 *
 * <p>A group of its own: the order projection's consumer is a static member of {@code query-service} under this
 * instance's id, which a second consumer in that group would fence. Values arrive as raw bytes and are decoded with
 * {@code StockEventCodec}, so an unreadable one is the projection's to dead-letter.
 */
@Component
class InventoryEventsProjector implements ConsumerSeekAware {

    static final String LISTENER_ID = "inventory-projection";

    private final InventoryProjection projection;
    private final ProjectionStore store;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final Clock clock;
    private final Map<Integer, Instant> assigned = new ConcurrentHashMap<>();
    private final Counter applied;
    private final Counter alreadyStored;
    private final Counter deadLettered;

    InventoryEventsProjector(
            InventoryProjection projection,
            ProjectionStore store,
            DeadLetterPublishingRecoverer deadLetters,
            Clock clock,
            MeterRegistry meters) {
        this.projection = projection;
        this.store = store;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.applied = events(meters, "applied", "Stock events read and applied (an older version changes no row)");
        this.alreadyStored = events(meters, "already-stored", "Stock records read again below the stored offset");
        this.deadLettered = events(meters, "dead-lettered", "Unreadable stock records sent to the dead-letter topic");
    }

    private static Counter events(MeterRegistry meters, String outcome, String description) {
        return Counter.builder("query.inventory.events")
                .description(description)
                .tag("outcome", outcome)
                .register(meters);
    }

    @KafkaListener(
            id = LISTENER_ID,
            groupId = "${spring.kafka.consumer.group-id}-inventory",
            topics = InventoryProjection.TOPIC,
            batch = "true",
            properties = {
                "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                // Not the orders' 30 ms: stock may show a tenth of a second later, and an idle consumer fetches 10
                // times a second instead of 33 (on every instance, and on the broker).
                "fetch.max.wait.ms=100"
            })
    void on(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Map<Integer, Long> positions = new TreeMap<>();
        records.forEach(record -> positions.computeIfAbsent(
                record.partition(), partition -> consumer.position(new TopicPartition(record.topic(), partition))));
        StockPlan plan = projection.apply(
                ProjectionTables.LIVE,
                records,
                positions,
                (index, reason) -> deadLetters.accept(records.get(index), consumer, new InvalidEventException(reason)));
        applied.increment(plan.applied);
        alreadyStored.increment(plan.alreadyStored);
        deadLettered.increment(plan.deadLetters.size());
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        store.seekToStoredOffsets(InventoryProjection.TOPIC, assignments.keySet(), callback);
        assignments.keySet().forEach(partition -> assigned.putIfAbsent(partition.partition(), clock.instant()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> assigned.remove(partition.partition()));
    }

    /** The partitions this instance projects, with when it got each. */
    Map<Integer, Instant> partitions() {
        return new TreeMap<>(assigned);
    }
}
