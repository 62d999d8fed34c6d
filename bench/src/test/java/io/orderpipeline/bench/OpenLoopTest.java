package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void sendsOnAFixedScheduleWhateverTheAnswersDo() throws InterruptedException {
        List<Long> due = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> neverAnswered = new CompletableFuture<>();

        // Every request hangs until the end: a closed loop would have sent one; an open loop sends them all.
        OpenLoop.Result result = OpenLoop.run(200, Duration.ofMillis(250), Duration.ofMillis(1), (i, dueNanos) -> {
            due.add(dueNanos);
            return neverAnswered;
        });

        assertThat(result.sent()).isEqualTo(50);
        assertThat(due).hasSize(50);
        assertThat(result.completed()).isZero();
        for (int i = 1; i < due.size(); i++) {
            assertThat(due.get(i) - due.get(i - 1)).isBetween(4_999_999L, 5_000_001L);
        }
    }

    @Test
    void aRequestThatThrowsCountsAsCompletedNotAsAStall() throws InterruptedException {
        OpenLoop.Result result = OpenLoop.run(100, Duration.ofMillis(100), Duration.ofSeconds(10), (i, dueNanos) -> {
            if (i % 2 == 0) {
                throw new IllegalStateException("refused");
            }
            return CompletableFuture.completedFuture(null);
        });

        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.completed()).isEqualTo(10);
        assertThat(result.throughput()).isPositive();
    }
}
