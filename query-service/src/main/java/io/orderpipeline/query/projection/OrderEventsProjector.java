package io.orderpipeline.query.projection;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.RecordObservations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * The live projection: one PostgreSQL transaction per poll, holding the rows and the next offsets. The offsets in
 * PostgreSQL are the truth: on assignment the consumer seeks to them, whatever Kafka has committed for the group.
 *
 * <p>An unreadable record is sent to {@code orders.events.DLT} (kafka-support's recoverer: reason header, original
 * bytes) before the transaction that steps past it commits, so its offset is stored like any other. An event its
 * order cannot take parks that order (see {@link BatchPlan}); the partition goes on. Only a database or broker that
 * fails the whole batch makes it fail: the error handler then retries the batch until it goes through.
 *
 * <p>Each record gets an {@code orders.events receive} span ({@link #receive}), timed to its batch's commit.
 */
@Component
class OrderEventsProjector implements ConsumerSeekAware {

    static final String LISTENER_ID = "order-projection";

    private final Projection projection;
    private final ProjectionStore store;
    private final ProjectionStatus status;
    private final AppliedVersions versions;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final ParkedOrders parkedOrders;
    private final ParkedIds parkedIds;
    private final ObservationRegistry observations;
    private final String groupId;

    OrderEventsProjector(
            Projection projection,
            ProjectionStore store,
            ProjectionStatus status,
            AppliedVersions versions,
            DeadLetterPublishingRecoverer deadLetters,
            ParkedOrders parkedOrders,
            ParkedIds parkedIds,
            ObservationRegistry observations,
            KafkaProperties kafkaProperties) {
        this.projection = projection;
        this.store = store;
        this.status = status;
        this.versions = versions;
        this.deadLetters = deadLetters;
        this.parkedOrders = parkedOrders;
        this.parkedIds = parkedIds;
        this.observations = observations;
        this.groupId = kafkaProperties.getConsumer().getGroupId();
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.ORDER_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, EventEnvelope>> records, Consumer<?, ?> consumer) {
        long started = System.nanoTime();
        List<Observation> received = receive(records);
        BatchPlan plan;
        try {
            plan = projection.apply(
                    ProjectionTables.LIVE,
                    Topics.ORDER_EVENTS,
                    Batch.of(records, consumer),
                    (index, reason) ->
                            deadLetters.accept(records.get(index), consumer, new InvalidEventException(reason)));
        } catch (RuntimeException e) {
            received.forEach(receive -> receive.error(e));
            throw e;
        } finally {
            received.forEach(Observation::stop);
        }
        status.recorded(plan, records.size(), Duration.ofNanos(System.nanoTime() - started));
        parkedIds.stored(plan.epoch, plan.progress);
        if (parkedIds.takeRefreshDue() || !plan.parked.isEmpty()) {
            parkedOrders.refresh();
        }
        versions.applied(plan.rows.values());
    }

    /**
     * One {@code orders.events receive} span per record, continuing the trace of its {@code traceparent}: it starts
     * as the record enters the batch and ends when the batch's transaction has committed (or failed), so an order's
     * trace shows when its event reached the read model.
     */
    private List<Observation> receive(List<ConsumerRecord<String, EventEnvelope>> records) {
        List<Observation> received = new ArrayList<>(records.size());
        String batchSize = String.valueOf(records.size());
        for (ConsumerRecord<?, ?> record : records) {
            Observation receive = RecordObservations.startReceive(record, LISTENER_ID, groupId, observations)
                    .highCardinalityKeyValue("projection.batch.size", batchSize);
            if (record.value() instanceof EventEnvelope envelope) {
                receive.highCardinalityKeyValue("order.id", envelope.orderId())
                        .highCardinalityKeyValue("order.version", String.valueOf(envelope.version()))
                        .highCardinalityKeyValue("event.type", envelope.type());
            }
            received.add(receive);
        }
        return received;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        store.seekToStoredOffsets(Topics.ORDER_EVENTS, assignments.keySet(), callback);
        assignments.keySet().forEach(partition -> status.running(partition.partition()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> status.unassigned(partition.partition()));
        parkedIds.forget(partitions.stream().map(TopicPartition::partition).toList());
    }
}
