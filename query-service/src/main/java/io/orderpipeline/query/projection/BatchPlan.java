package io.orderpipeline.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch of records does to the read model, decided in memory before anything is written: the rows to
 * upsert (one per order, however many of its events the batch holds), the history rows, the offsets to store, the
 * partitions stopped at a gap and the first unreadable record.
 */
final class BatchPlan {

    final Map<String, OrderRow> rows = new LinkedHashMap<>();
    final List<HistoryRow> history = new ArrayList<>();
    final Map<Integer, PartitionProgress> progress = new HashMap<>();
    final Map<Integer, Gap> gaps = new HashMap<>();

    /** Index in the batch of the first record to reject, or -1; the records before it are in this plan. */
    int rejectedIndex = -1;

    String rejectedReason;
    int applied;
    int skipped;
    int duplicates;
    int alreadyStored;

    private BatchPlan() {}

    /**
     * @param batch the records in log order per partition, and the consumer's positions after them
     * @param storedOffsets next offset per partition as stored with the model; records before it are already in
     * @param currentRows the stored rows of the orders the batch touches
     * @param onReject what to do with a record that cannot be applied
     */
    static BatchPlan of(
            Batch batch, Map<Integer, Long> storedOffsets, Map<String, OrderRow> currentRows, OnReject onReject) {
        BatchPlan plan = new BatchPlan();
        List<ProjectionInput> inputs = batch.inputs();
        Map<String, OrderRow> state = new HashMap<>(currentRows);
        for (int i = 0; i < inputs.size(); i++) {
            ProjectionInput input = inputs.get(i);
            int partition = input.partition();
            if (plan.gaps.containsKey(partition)) {
                continue;
            }
            if (input.offset() < storedOffsets.getOrDefault(partition, 0L)) {
                plan.alreadyStored++;
                continue;
            }
            if (input.envelope() == null) {
                if (plan.reject(i, input, input.unreadable(), onReject)) {
                    break;
                }
                continue;
            }
            var envelope = input.envelope();
            OrderRow current = state.get(envelope.orderId());
            long storedVersion = current == null ? 0 : current.version();
            if (envelope.version() <= storedVersion) {
                plan.duplicates++;
                plan.advance(input);
                continue;
            }
            if (envelope.version() > storedVersion + 1) {
                plan.gaps.put(
                        partition,
                        new Gap(partition, input.offset(), envelope.orderId(), storedVersion, envelope.version()));
                continue;
            }
            OrderRow next;
            try {
                next = current == null ? OrderRow.start(envelope) : current.apply(envelope);
            } catch (UnprojectableEventException e) {
                if (plan.reject(i, input, e.getMessage(), onReject)) {
                    break;
                }
                continue;
            }
            state.put(next.orderId(), next);
            plan.rows.put(next.orderId(), next);
            plan.history.add(HistoryRow.of(envelope, next));
            plan.applied++;
            plan.advance(input);
        }
        if (plan.rejectedIndex < 0) {
            batch.positions().forEach(plan::advanceTo);
        }
        return plan;
    }

    /** @return whether the batch ends here */
    private boolean reject(int index, ProjectionInput input, String reason, OnReject onReject) {
        if (onReject == OnReject.SKIP) {
            skipped++;
            advance(input);
            return false;
        }
        rejectedIndex = index;
        rejectedReason = reason;
        return true;
    }

    private void advance(ProjectionInput input) {
        PartitionProgress before = progress.get(input.partition());
        var occurredAt =
                input.envelope() != null ? input.envelope().occurredAt() : before == null ? null : before.lastEventAt();
        progress.put(input.partition(), new PartitionProgress(input.offset() + 1, occurredAt));
    }

    /** Past what follows the last record (transaction markers), for a partition read to the end of its batch. */
    private void advanceTo(int partition, long position) {
        PartitionProgress read = progress.get(partition);
        if (read != null && !gaps.containsKey(partition) && position > read.nextOffset()) {
            progress.put(partition, new PartitionProgress(position, read.lastEventAt()));
        }
    }

    /** What the projection does with a record it cannot apply. */
    enum OnReject {
        /** End the batch before it, so the caller can hand it to the dead-letter topic (the live projection). */
        STOP,
        /** Step over it: it went to the dead-letter topic when the live projection met it (the rebuild). */
        SKIP
    }
}
