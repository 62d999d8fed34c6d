package io.orderpipeline.query.projection;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of records to one generation of the read model in one PostgreSQL transaction that also stores
 * the next offsets: either the rows and the offsets are both there, or neither is. Used by the live projection and
 * by the rebuild alike, so both produce the same rows.
 *
 * <p>When PostgreSQL refuses a row, the whole transaction is gone. Then the batch is planned again in a transaction
 * that tries each applied event under a savepoint to find the refused ones (and rolls back), and once more for
 * real with those events parked: the other orders of the batch go on, and the common path stays one set-based
 * write per batch.
 */
@Component
class Projection {

    /** Receives the unreadable records of a batch before its transaction commits. */
    @FunctionalInterface
    interface DeadLetters {
        DeadLetters NONE = (index, reason) -> {};

        void send(int index, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(Projection.class);

    /** Each attempt finds every refused row it writes, so a second one only meets rows refused by drained events. */
    private static final int MAX_ATTEMPTS = 4;

    private final ProjectionStore store;
    private final ParkedIds parkedIds;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Projection(ProjectionStore store, ParkedIds parkedIds, PlatformTransactionManager transactionManager, Clock clock) {
        this.store = store;
        this.parkedIds = parkedIds;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Runs in the caller's transaction if there is one: the rebuild's switch applies its last batches in the same
     * transaction as the table swap.
     *
     * @param deadLetters told of each unreadable record once, before the commit that steps past it
     */
    BatchPlan apply(ProjectionTables tables, String topic, Batch batch, DeadLetters deadLetters) {
        Set<Integer> sent = new HashSet<>();
        DeadLetters once = (index, reason) -> {
            if (sent.add(index)) {
                deadLetters.send(index, reason);
            }
        };
        List<Integer> partitions = batch.inputs().stream()
                .map(ProjectionInput::partition)
                .distinct()
                .toList();
        List<String> orderIds = batch.inputs().stream()
                .map(ProjectionInput::envelope)
                .filter(Objects::nonNull)
                .map(envelope -> envelope.orderId())
                .distinct()
                .toList();
        return withRefusals(
                refused -> isolated(false, () -> {
                    BatchPlan plan = plan(tables, topic, batch, partitions, orderIds, List.of(), refused);
                    plan.deadLetters.forEach(letter -> once.send(letter.index(), letter.reason()));
                    store.write(tables, topic, plan);
                    return plan;
                }),
                refused -> probe(tables, topic, batch, partitions, orderIds, List.of(), refused));
    }

    /**
     * Tries to apply the parked events of these orders now, in a transaction that holds their partitions like a
     * batch of them would: after a fix (retry), a skip, or a gap filled from another partition.
     */
    BatchPlan drain(ProjectionTables tables, String topic, Collection<String> orderIds) {
        Batch none = new Batch(List.of(), Map.of());
        return withRefusals(
                refused -> isolated(false, () -> {
                    BatchPlan plan = plan(
                            tables, topic, none, store.parkedPartitions(tables, orderIds), orderIds, orderIds, refused);
                    store.write(tables, topic, plan);
                    return plan;
                }),
                refused -> probe(
                        tables, topic, none, store.parkedPartitions(tables, orderIds), orderIds, orderIds, refused));
    }

    private interface Attempt {
        BatchPlan run(Map<String, String> refused);
    }

    private interface Probe {
        Map<String, String> run(Map<String, String> refused);
    }

    private static BatchPlan withRefusals(Attempt attempt, Probe probe) {
        Map<String, String> refused = new HashMap<>();
        for (int i = 1; ; i++) {
            try {
                return attempt.run(refused);
            } catch (DataAccessException e) {
                if (!Refusals.isRefusal(e) || i == MAX_ATTEMPTS) {
                    throw e;
                }
                Map<String, String> found = probe.run(refused);
                if (found.isEmpty()) {
                    // Refused, but no single row is: not something parking an order can get past.
                    throw e;
                }
                log.warn("PostgreSQL refused rows of {} order(s); parking them: {}", found.size(), found);
                refused.putAll(found);
            }
        }
    }

    private Map<String, String> probe(
            ProjectionTables tables,
            String topic,
            Batch batch,
            List<Integer> partitions,
            Collection<String> orderIds,
            Collection<String> drain,
            Map<String, String> refused) {
        return isolated(true, () -> {
            BatchPlan plan = plan(tables, topic, batch, partitions, orderIds, drain, refused);
            return store.findRefused(tables, plan.steps);
        });
    }

    /**
     * Runs the work in a transaction of its own, or, inside the caller's (the rebuild's switch), under a savepoint:
     * a refused row must not doom the caller's transaction, only this attempt.
     *
     * @param rollback undo the work whatever happens (a probe)
     */
    private <T> T isolated(boolean rollback, Supplier<T> work) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return transaction.execute(status -> {
                T result = work.get();
                if (rollback) {
                    status.setRollbackOnly();
                }
                return result;
            });
        }
        store.savepoint();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            store.rollbackToSavepoint();
            throw e;
        }
        if (rollback) {
            store.rollbackToSavepoint();
        } else {
            store.releaseSavepoint();
        }
        return result;
    }

    private BatchPlan plan(
            ProjectionTables tables,
            String topic,
            Batch batch,
            List<Integer> partitions,
            Collection<String> orderIds,
            Collection<String> drain,
            Map<String, String> refused) {
        long epoch = parkedIds.epoch();
        store.allowLongStatements();
        store.relaxCommitDurability();
        var storedOffsets = store.lockOffsets(tables, topic, partitions);
        // The live projection's common batch: none of its orders is parked or skipped, known without asking.
        boolean fromMemory = tables.equals(ProjectionTables.LIVE)
                && drain.isEmpty()
                && !parkedIds.mustLookUp(storedOffsets, partitions, orderIds);
        var stored = new BatchPlan.Stored(
                storedOffsets,
                store.orders(tables, List.copyOf(orderIds)),
                fromMemory ? Map.of() : store.parked(tables, orderIds),
                fromMemory ? Map.of() : store.skipped(orderIds));
        BatchPlan plan = BatchPlan.of(batch, stored, refused, drain, clock.instant());
        plan.epoch = epoch;
        return plan;
    }
}
