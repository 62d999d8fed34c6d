package io.orderpipeline.query.projection;

import static io.orderpipeline.query.StockEvents.stock;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class StockPlanTest {

    @Test
    void keepsTheNewestVersionOfEachProductWhateverTheOrderOfTheRecords() {
        StockEvent v1 = stock("laptop", 1, 10, 0);
        StockEvent v3 = stock("laptop", 3, 10, 2);
        StockEvent v2 = stock("laptop", 2, 10, 1);
        StockEvent phone = stock("phone", 1, 5, 0);

        StockPlan plan = StockPlan.of(
                List.of(record(0, 0, v1), record(0, 1, v3), record(0, 2, v2), record(0, 3, v3), record(1, 0, phone)),
                Map.of(),
                Map.of());

        assertThat(plan.rows()).containsExactly(v3, phone);
        assertThat(plan.applied).isEqualTo(5);
        assertThat(plan.progress.get(0).nextOffset()).isEqualTo(4);
        assertThat(plan.progress.get(0).lastEventAt()).isEqualTo(v3.occurredAt());
        assertThat(plan.progress.get(1).nextOffset()).isEqualTo(1);
    }

    @Test
    void leavesOutRecordsBelowTheStoredOffsetAndMovesToTheConsumersPosition() {
        StockEvent old = stock("laptop", 1, 10, 0);
        StockEvent fresh = stock("laptop", 2, 10, 1);

        StockPlan plan = StockPlan.of(List.of(record(0, 4, old), record(0, 5, fresh)), Map.of(0, 5L), Map.of(0, 7L));

        assertThat(plan.alreadyStored).isEqualTo(1);
        assertThat(plan.rows()).containsExactly(fresh);
        // A transaction marker after the last record takes an offset too.
        assertThat(plan.nextOffsets()).isEqualTo(Map.of(0, 7L));
    }

    @Test
    void turnsUnreadableRecordsAndUnstorableProductsIntoDeadLettersAndStepsPastThem() {
        StockEvent after = stock("laptop", 1, 3, 0);
        StockEvent nul = stock("a\u0000b", 1, 1, 0);
        StockEvent tooLong = stock("x".repeat(201), 1, 1, 0);

        StockPlan plan = StockPlan.of(
                List.of(
                        raw(0, 0, "{not json"),
                        raw(0, 1, null),
                        record(0, 2, nul),
                        record(0, 3, tooLong),
                        record(0, 4, after)),
                Map.of(),
                Map.of());

        assertThat(plan.deadLetters).extracting(StockPlan.DeadLetter::index).containsExactly(0, 1, 2, 3);
        assertThat(plan.deadLetters.get(0).reason()).startsWith("not JSON");
        assertThat(plan.deadLetters.get(1).reason()).contains("empty value");
        assertThat(plan.deadLetters.get(2).reason()).contains("NUL");
        assertThat(plan.deadLetters.get(3).reason()).contains("at most 200 characters");
        assertThat(plan.rows()).containsExactly(after);
        assertThat(plan.nextOffsets()).isEqualTo(Map.of(0, 5L));
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, StockEvent event) {
        return new ConsumerRecord<>(
                Topics.INVENTORY_EVENTS, partition, offset, event.product(), StockEventCodec.encode(event));
    }

    private static ConsumerRecord<String, byte[]> raw(int partition, long offset, String value) {
        return new ConsumerRecord<>(
                Topics.INVENTORY_EVENTS,
                partition,
                offset,
                "key",
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
