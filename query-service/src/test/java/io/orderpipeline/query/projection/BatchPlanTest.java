package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.order.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private final List<ProjectionInput> inputs = new ArrayList<>();
    private long nextOffset;

    @Test
    void foldsSeveralEventsOfAnOrderIntoOneRowAndOneHistoryRowEach() {
        add(0, created("o-1", "c-1", "laptop", 2));
        add(0, envelope("o-1", 2, new OrderProcessingRequested("c-1", "laptop", 2)));
        add(0, envelope("o-1", 3, new OrderRejected("out of stock")));

        BatchPlan plan = plan(Map.of(), Map.of(), BatchPlan.OnReject.STOP);

        assertThat(plan.rows).containsOnlyKeys("o-1");
        OrderRow row = plan.rows.get("o-1");
        assertThat(row.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(row.version()).isEqualTo(3);
        assertThat(row.reason()).isEqualTo("out of stock");
        assertThat(row.processingRequestedAt()).isNotNull();
        assertThat(row.rejectedAt()).isEqualTo(row.updatedAt());
        assertThat(plan.history).extracting(HistoryRow::version).containsExactly(1L, 2L, 3L);
        assertThat(plan.history.get(2).reason()).isEqualTo("out of stock");
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(3);
        assertThat(plan.applied).isEqualTo(3);
    }

    @Test
    void skipsVersionsAlreadyAppliedButMovesTheOffsetPastThem() {
        OrderRow stored = OrderRow.start(created("o-1", "c-1", "laptop", 2));
        add(1, created("o-1", "c-1", "laptop", 2));
        add(1, created("o-1", "c-1", "laptop", 2));

        BatchPlan plan = plan(Map.of(), Map.of("o-1", stored), BatchPlan.OnReject.STOP);

        assertThat(plan.rows).isEmpty();
        assertThat(plan.history).isEmpty();
        assertThat(plan.duplicates).isEqualTo(2);
        assertThat(plan.progress.get(1).nextOffset()).isEqualTo(2);
    }

    @Test
    void leavesOutRecordsBeforeTheStoredOffset() {
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, created("o-2", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(0, 1L), Map.of(), BatchPlan.OnReject.STOP);

        assertThat(plan.alreadyStored).isEqualTo(1);
        assertThat(plan.rows).containsOnlyKeys("o-2");
    }

    @Test
    void stopsOnlyThePartitionWithAMissingVersionAtTheGap() {
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, envelope("o-1", 3, new OrderShipped()));
        add(0, created("o-2", "c-1", "laptop", 1));
        add(1, created("o-3", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(), Map.of(), BatchPlan.OnReject.STOP);

        assertThat(plan.gaps).containsOnlyKeys(0);
        Gap gap = plan.gaps.get(0);
        assertThat(gap.offset()).isEqualTo(1);
        assertThat(gap.reason()).contains("o-1").contains("version 2 is missing");
        assertThat(plan.rows).containsOnlyKeys("o-1", "o-3");
        assertThat(plan.rows.get("o-1").version()).isEqualTo(1);
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(1);
        assertThat(plan.progress.get(1).nextOffset()).isEqualTo(4);
    }

    @Test
    void endsTheBatchBeforeAnUnreadableRecordWhenLive() {
        add(0, created("o-1", "c-1", "laptop", 1));
        inputs.add(ProjectionInput.unreadable(0, nextOffset++, "not JSON"));
        add(1, created("o-2", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(), Map.of(), BatchPlan.OnReject.STOP);

        assertThat(plan.rejectedIndex).isEqualTo(1);
        assertThat(plan.rejectedReason).isEqualTo("not JSON");
        assertThat(plan.rows).containsOnlyKeys("o-1");
        assertThat(plan.progress).containsOnlyKeys(0);
    }

    @Test
    void stepsOverRecordsThatCannotBeAppliedWhenRebuilding() {
        inputs.add(ProjectionInput.unreadable(0, nextOffset++, "not JSON"));
        add(0, envelope("o-9", 1, new OrderShipped()));
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, envelope("o-1", 2, new OrderCancelled("changed mind")));

        BatchPlan plan = plan(Map.of(), Map.of(), BatchPlan.OnReject.SKIP);

        assertThat(plan.rejectedIndex).isEqualTo(-1);
        assertThat(plan.skipped).isEqualTo(2);
        assertThat(plan.rows).containsOnlyKeys("o-1");
        assertThat(plan.rows.get("o-1").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(4);
    }

    @Test
    void storesTheConsumerPositionWhenItIsPastTheLastRecord() {
        add(2, created("o-1", "c-1", "laptop", 1));

        BatchPlan plan = BatchPlan.of(new Batch(inputs, Map.of(2, 5L)), Map.of(), Map.of(), BatchPlan.OnReject.STOP);

        assertThat(plan.progress.get(2).nextOffset()).isEqualTo(5);
    }

    private void add(int partition, EventEnvelope envelope) {
        inputs.add(ProjectionInput.event(partition, nextOffset++, envelope));
    }

    private BatchPlan plan(
            Map<Integer, Long> storedOffsets, Map<String, OrderRow> current, BatchPlan.OnReject onReject) {
        return BatchPlan.of(new Batch(inputs, Map.of()), storedOffsets, current, onReject);
    }
}
