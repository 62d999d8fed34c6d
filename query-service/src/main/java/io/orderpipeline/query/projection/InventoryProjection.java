package io.orderpipeline.query.projection;

import io.orderpipeline.events.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of {@code inventory.events} records to one generation of the read model in one PostgreSQL
 * transaction that also stores the next offsets (in {@code projection_offsets}, beside the orders' ones): either the
 * rows and the offsets are both there, or neither is. Used by the live projection and by the rebuild alike. Joins
 * the caller's transaction if there is one: the rebuild's switch applies its last records with the table swap.
 */
@Component
class InventoryProjection {

    static final String TOPIC = Topics.INVENTORY_EVENTS;

    private final ProjectionStore store;
    private final TransactionTemplate transaction;

    InventoryProjection(ProjectionStore store, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * @param records raw values, in log order per partition
     * @param positions the consumer's position per partition after the records
     * @param deadLetters told of each unreadable record before the commit that steps past it
     */
    StockPlan apply(
            ProjectionTables tables,
            List<? extends ConsumerRecord<?, ?>> records,
            Map<Integer, Long> positions,
            Projection.DeadLetters deadLetters) {
        List<Integer> partitions =
                records.stream().map(ConsumerRecord::partition).distinct().toList();
        return transaction.execute(status -> {
            store.allowLongStatements();
            store.relaxCommitDurability();
            // First, as every batch does: the rebuild's switch holds the live batches on this lock.
            Map<Integer, Long> stored = store.lockOffsets(tables, TOPIC, partitions);
            StockPlan plan = StockPlan.of(records, stored, positions);
            plan.deadLetters.forEach(letter -> deadLetters.send(letter.index(), letter.reason()));
            store.upsertStock(tables, plan.rows());
            store.storeOffsets(tables, TOPIC, plan.progress);
            return plan;
        });
    }
}
