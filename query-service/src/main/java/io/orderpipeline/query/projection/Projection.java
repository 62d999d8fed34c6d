package io.orderpipeline.query.projection;

import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of records to one generation of the read model in one PostgreSQL transaction that also stores
 * the next offsets: either the rows and the offsets are both there, or neither is. Used by the live projection and
 * by the rebuild alike, so both produce the same rows.
 */
@Component
class Projection {

    private final ProjectionStore store;
    private final TransactionTemplate transaction;

    Projection(ProjectionStore store, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs in the caller's transaction if there is one: the rebuild's switch applies its last batches in the same
     * transaction as the table swap.
     */
    BatchPlan apply(ProjectionTables tables, String topic, Batch batch, BatchPlan.OnReject onReject) {
        return transaction.execute(status -> {
            store.relaxCommitDurability();
            List<ProjectionInput> inputs = batch.inputs();
            List<Integer> partitions =
                    inputs.stream().map(ProjectionInput::partition).distinct().toList();
            var storedOffsets = store.lockOffsets(tables, topic, partitions);
            List<String> orderIds = inputs.stream()
                    .map(ProjectionInput::envelope)
                    .filter(Objects::nonNull)
                    .map(envelope -> envelope.orderId())
                    .distinct()
                    .toList();
            BatchPlan plan = BatchPlan.of(batch, storedOffsets, store.orders(tables, orderIds), onReject);
            store.write(tables, topic, plan);
            return plan;
        });
    }
}
