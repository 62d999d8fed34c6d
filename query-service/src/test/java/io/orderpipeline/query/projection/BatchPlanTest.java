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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private final List<ProjectionInput> inputs = new ArrayList<>();
    private long nextOffset;

    @Test
    void foldsSeveralEventsOfAnOrderIntoOneRowAndOneHistoryRowEach() {
        add(0, created("o-1", "c-1", "laptop", 2));
        add(0, envelope("o-1", 2, new OrderProcessingRequested("c-1", "laptop", 2)));
        add(0, envelope("o-1", 3, new OrderRejected("out of stock")));

        BatchPlan plan = plan(Map.of(), Map.of());

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

        BatchPlan plan = plan(Map.of(), Map.of("o-1", stored));

        assertThat(plan.rows).isEmpty();
        assertThat(plan.history).isEmpty();
        assertThat(plan.duplicates).isEqualTo(2);
        assertThat(plan.progress.get(1).nextOffset()).isEqualTo(2);
    }

    @Test
    void leavesOutRecordsBeforeTheStoredOffset() {
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, created("o-2", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(0, 1L), Map.of());

        assertThat(plan.alreadyStored).isEqualTo(1);
        assertThat(plan.rows).containsOnlyKeys("o-2");
    }

    @Test
    void parksOnlyTheOrderWithAMissingVersionAndItsLaterEventsWhileItsPartitionFlows() {
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, envelope("o-1", 3, new OrderShipped()));
        add(0, created("o-2", "c-1", "laptop", 1));
        add(0, envelope("o-1", 4, new OrderCancelled("late")));
        add(1, created("o-3", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(), Map.of());

        assertThat(plan.rows).containsOnlyKeys("o-1", "o-2", "o-3");
        assertThat(plan.rows.get("o-1").version()).isEqualTo(1);
        assertThat(plan.parked).containsOnlyKeys("o-1");
        List<ParkedEvent> parked = plan.parked.get("o-1");
        assertThat(parked).extracting(ParkedEvent::version).containsExactly(3L, 4L);
        assertThat(parked)
                .extracting(ParkedEvent::cause)
                .containsExactly(ParkedEvent.Cause.GAP, ParkedEvent.Cause.BEHIND);
        assertThat(parked.get(0).reason()).contains("o-1").contains("version 2 is missing");
        assertThat(parked.get(0).offset()).isEqualTo(1);
        assertThat(plan.parkedEvents).isEqualTo(2);
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(4);
        assertThat(plan.progress.get(1).nextOffset()).isEqualTo(5);
    }

    @Test
    void drainsAParkedOrderOnceItsMissingVersionArrives() {
        OrderRow stored = OrderRow.start(created("o-1", "c-1", "laptop", 1));
        var waiting = new ParkedEvent(
                "o-1",
                3,
                ParkedEvent.Cause.GAP,
                "version 2 is missing",
                0,
                7,
                envelope("o-1", 3, new OrderShipped()),
                Instant.EPOCH,
                new Provenance(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        Instant.parse("2026-01-01T00:00:00.100Z"),
                        Instant.parse("2026-01-01T00:00:00.200Z"),
                        null));
        add(1, envelope("o-1", 2, new OrderProcessingRequested("c-1", "laptop", 1)));

        BatchPlan plan = BatchPlan.of(
                new Batch(inputs, Map.of()),
                new BatchPlan.Stored(Map.of(), Map.of("o-1", stored), Map.of("o-1", List.of(waiting)), Map.of()),
                Map.of(),
                List.of(),
                Instant.EPOCH);

        assertThat(plan.rows.get("o-1").version()).isEqualTo(3);
        assertThat(plan.rows.get("o-1").status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(plan.history).extracting(HistoryRow::version).containsExactly(2L, 3L);
        // A drained event keeps the trace and hop times its record carried.
        assertThat(plan.history.get(1).provenance()).isEqualTo(waiting.provenance());
        assertThat(plan.parked).containsEntry("o-1", List.of());
        // Only what it took out: other versions a concurrent transaction parked stay.
        assertThat(plan.unparked).containsEntry("o-1", List.of(3L));
        assertThat(plan.drained).isEqualTo(1);
    }

    @Test
    void parksAnEventItsStreamCannotHaveAndARefusedRowWithTheirOrders() {
        add(0, envelope("o-9", 1, new OrderShipped()));
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, envelope("o-1", 2, new OrderCancelled("changed mind")));
        add(0, created("o-2", "c-1", "laptop", 1));

        BatchPlan plan = BatchPlan.of(
                new Batch(inputs, Map.of()),
                BatchPlan.Stored.empty(),
                Map.of(BatchPlan.key("o-1", 1), "PostgreSQL refused the row"),
                List.of(),
                Instant.EPOCH);

        assertThat(plan.rows).containsOnlyKeys("o-2");
        assertThat(plan.parked.get("o-9"))
                .extracting(ParkedEvent::cause)
                .containsExactly(ParkedEvent.Cause.UNPROJECTABLE);
        assertThat(plan.parked.get("o-9").getFirst().reason()).contains("not with OrderCreated");
        assertThat(plan.parked.get("o-1"))
                .extracting(ParkedEvent::cause)
                .containsExactly(ParkedEvent.Cause.REFUSED, ParkedEvent.Cause.BEHIND);
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(4);
    }

    @Test
    void stepsOverAVersionAnOperatorSkipped() {
        add(0, created("o-1", "c-1", "laptop", 1));
        add(0, envelope("o-1", 3, new OrderCancelled("changed mind")));

        BatchPlan plan = BatchPlan.of(
                new Batch(inputs, Map.of()),
                new BatchPlan.Stored(Map.of(), Map.of(), Map.of(), Map.of("o-1", Set.of(2L))),
                Map.of(),
                List.of(),
                Instant.EPOCH);

        assertThat(plan.parked).isEmpty();
        assertThat(plan.rows.get("o-1").version()).isEqualTo(3);
        assertThat(plan.rows.get("o-1").status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void deadLettersUnreadableRecordsAndOrderIdsNoTableCanHoldAndStepsPastThem() {
        add(0, created("o-1", "c-1", "laptop", 1));
        inputs.add(ProjectionInput.unreadable(0, nextOffset++, "not JSON"));
        add(0, created("o\0x", "c-1", "laptop", 1));
        add(1, created("o-2", "c-1", "laptop", 1));

        BatchPlan plan = plan(Map.of(), Map.of());

        assertThat(plan.deadLetters).extracting(BatchPlan.DeadLetter::index).containsExactly(1, 2);
        assertThat(plan.deadLetters.get(0).reason()).isEqualTo("not JSON");
        assertThat(plan.deadLetters.get(1).reason()).contains("NUL");
        assertThat(plan.rows).containsOnlyKeys("o-1", "o-2");
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(3);
    }

    @Test
    void storesTheConsumerPositionWhenItIsPastTheLastRecord() {
        add(2, created("o-1", "c-1", "laptop", 1));

        BatchPlan plan = BatchPlan.of(
                new Batch(inputs, Map.of(2, 5L)), BatchPlan.Stored.empty(), Map.of(), List.of(), Instant.EPOCH);

        assertThat(plan.progress.get(2).nextOffset()).isEqualTo(5);
    }

    private void add(int partition, EventEnvelope envelope) {
        inputs.add(ProjectionInput.event(partition, nextOffset++, envelope));
    }

    private BatchPlan plan(Map<Integer, Long> storedOffsets, Map<String, OrderRow> current) {
        return BatchPlan.of(
                new Batch(inputs, Map.of()),
                new BatchPlan.Stored(storedOffsets, current, Map.of(), Map.of()),
                Map.of(),
                List.of(),
                Instant.EPOCH);
    }
}
