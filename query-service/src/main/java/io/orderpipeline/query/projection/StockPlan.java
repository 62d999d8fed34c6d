package io.orderpipeline.query.projection;

import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.web.StorableTextValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one batch of {@code inventory.events} records does to the inventory: the newest event of each product (each
 * event carries the whole stock after it, so nothing else is needed), the unreadable records, and the next offsets.
 * Records below the stored offsets were applied already and are left out.
 */
final class StockPlan {

    /** The longest product the inventory's {@code product} column holds. */
    static final int MAX_PRODUCT_LENGTH = 200;

    /** An unreadable record: its index in the batch and why. */
    record DeadLetter(int index, String reason) {}

    final Map<String, StockEvent> newest = new TreeMap<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final Map<Integer, PartitionProgress> progress = new TreeMap<>();
    int applied;
    int alreadyStored;

    private StockPlan() {}

    /**
     * @param records values as raw bytes, in log order per partition
     * @param stored next offset stored per partition
     * @param positions the consumer's position per partition after the batch (past a transaction marker, too)
     */
    static StockPlan of(
            List<? extends ConsumerRecord<?, ?>> records, Map<Integer, Long> stored, Map<Integer, Long> positions) {
        StockPlan plan = new StockPlan();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<?, ?> record = records.get(i);
            if (record.offset() < stored.getOrDefault(record.partition(), 0L)) {
                plan.alreadyStored++;
                continue;
            }
            PartitionProgress before = plan.progress.get(record.partition());
            var lastEventAt = before == null ? null : before.lastEventAt();
            try {
                StockEvent event = decode(record.value());
                plan.newest.merge(event.product(), event, (a, b) -> a.version() >= b.version() ? a : b);
                plan.applied++;
                lastEventAt = event.occurredAt();
            } catch (InvalidEventException e) {
                plan.deadLetters.add(new DeadLetter(i, e.getMessage()));
            }
            plan.progress.put(record.partition(), new PartitionProgress(record.offset() + 1, lastEventAt));
        }
        positions.forEach((partition, position) -> plan.progress.computeIfPresent(
                partition,
                (p, read) ->
                        position > read.nextOffset() ? new PartitionProgress(position, read.lastEventAt()) : read));
        return plan;
    }

    /** The event, or why it cannot be read — a product no column can hold included. */
    private static StockEvent decode(Object value) {
        if (value != null && !(value instanceof byte[])) {
            throw new InvalidEventException("not raw bytes: " + value.getClass().getName());
        }
        StockEvent event = StockEventCodec.decode((byte[]) value);
        String unstorable = StorableTextValidator.problemWith(event.product(), MAX_PRODUCT_LENGTH);
        if (unstorable != null || event.product().isBlank()) {
            throw new InvalidEventException(
                    "product " + (unstorable == null ? "must not be blank" : unstorable) + " to be stored");
        }
        return event;
    }

    /** The newest event of each product, in product order (a stable lock order for concurrent writers). */
    List<StockEvent> rows() {
        return List.copyOf(newest.values());
    }

    Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> next = new HashMap<>();
        progress.forEach((partition, read) -> next.put(partition, read.nextOffset()));
        return next;
    }
}
