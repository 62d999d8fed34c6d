package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.Topics;
import io.orderpipeline.query.QueryProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The live projection: one PostgreSQL transaction per poll, holding the rows and the next offsets. The offsets in
 * PostgreSQL are the truth: on assignment the consumer seeks to them, whatever Kafka has committed for the group.
 *
 * <p>An unreadable record, or an event its stream cannot have, ends the batch with a {@link
 * BatchListenerFailedException}: the records before it are
 * already committed, kafka-support's error handler sends it to {@code orders.events.DLT} and the partition goes on.
 * A missing version stops only its partition: it seeks back to the gap, pauses, reports and retries.
 */
@Component
class OrderEventsProjector implements ConsumerSeekAware {

    static final String LISTENER_ID = "order-projection";

    private static final Logger log = LoggerFactory.getLogger(OrderEventsProjector.class);

    private final Projection projection;
    private final ProjectionStore store;
    private final ProjectionStatus status;
    private final AppliedVersions versions;
    private final KafkaListenerEndpointRegistry registry;
    private final QueryProperties properties;

    OrderEventsProjector(
            Projection projection,
            ProjectionStore store,
            ProjectionStatus status,
            AppliedVersions versions,
            KafkaListenerEndpointRegistry registry,
            QueryProperties properties) {
        this.projection = projection;
        this.store = store;
        this.status = status;
        this.versions = versions;
        this.registry = registry;
        this.properties = properties;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.ORDER_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, EventEnvelope>> records, Consumer<?, ?> consumer) {
        long started = System.nanoTime();
        BatchPlan plan = projection.apply(
                ProjectionTables.LIVE, Topics.ORDER_EVENTS, Batch.of(records, consumer), BatchPlan.OnReject.STOP);
        plan.gaps.values().forEach(gap -> stopAt(gap, consumer));
        status.recorded(plan, records.size(), Duration.ofNanos(System.nanoTime() - started));
        versions.applied(plan.rows.values());
        if (plan.rejectedIndex >= 0) {
            throw new BatchListenerFailedException(
                    plan.rejectedReason,
                    new InvalidEventException(plan.rejectedReason),
                    records.get(plan.rejectedIndex));
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<Integer, StoredOffset> stored = store.offsets(ProjectionTables.LIVE, Topics.ORDER_EVENTS);
        for (TopicPartition partition : assignments.keySet()) {
            StoredOffset offset = stored.get(partition.partition());
            if (offset == null) {
                callback.seekToBeginning(List.of(partition));
            } else {
                callback.seek(partition.topic(), partition.partition(), offset.nextOffset());
            }
            status.running(partition.partition());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> status.unassigned(partition.partition()));
    }

    private void stopAt(Gap gap, Consumer<?, ?> consumer) {
        log.warn("Partition {} stalled: {}", gap.partition(), gap.reason());
        var partition = new TopicPartition(Topics.ORDER_EVENTS, gap.partition());
        consumer.seek(partition, gap.offset());
        var container = registry.getListenerContainer(LISTENER_ID);
        container.pausePartition(partition);
        CompletableFuture.runAsync(
                () -> container.resumePartition(partition),
                CompletableFuture.delayedExecutor(
                        properties.projection().gapRetryInterval().toMillis(), TimeUnit.MILLISECONDS));
    }
}
