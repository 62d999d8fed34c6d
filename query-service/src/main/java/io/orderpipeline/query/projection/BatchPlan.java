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
    int duplicates;
    int alreadyStored;

    private BatchPlan() {}

    /**
     * @param inputs the batch in log order per partition
     * @param storedOffsets next offset per partition as stored with the model; records before it are already in
     * @param currentRows the stored rows of the orders the batch touches
     */
    static BatchPlan of(
            List<ProjectionInput> inputs, Map<Integer, Long> storedOffsets, Map<String, OrderRow> currentRows) {
        BatchPlan plan = new BatchPlan();
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
                plan.reject(i, input.unreadable());
                break;
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
                plan.reject(i, e.getMessage());
                break;
            }
            state.put(next.orderId(), next);
            plan.rows.put(next.orderId(), next);
            plan.history.add(HistoryRow.of(envelope, next));
            plan.applied++;
            plan.advance(input);
        }
        return plan;
    }

    boolean writesSomething() {
        return !progress.isEmpty();
    }

    private void reject(int index, String reason) {
        rejectedIndex = index;
        rejectedReason = reason;
    }

    private void advance(ProjectionInput input) {
        progress.put(
                input.partition(),
                new PartitionProgress(input.offset() + 1, input.envelope().occurredAt()));
    }
}
