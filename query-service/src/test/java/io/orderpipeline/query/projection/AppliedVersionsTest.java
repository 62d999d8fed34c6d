package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.OrderProcessingRequested;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppliedVersionsTest {

    private final AppliedVersions versions = new AppliedVersions();

    @Test
    void completesAWaiterOnceItsOrderReachesTheVersionAndNotBefore() {
        var waiting = versions.whenApplied("o-1", 2);
        OrderRow version1 = OrderRow.start(created("o-1", "c-1", "laptop", 1));

        versions.applied(List.of(version1));
        assertThat(waiting).isNotDone();

        versions.applied(List.of(version1.apply(envelope("o-1", 2, new OrderProcessingRequested("c-1", "laptop", 1)))));
        assertThat(waiting).isCompletedWithValue(2L);
    }

    @Test
    void ignoresOtherOrdersAndForgetsAWaiterThatTimedOut() {
        var waiting = versions.whenApplied("o-1", 1).orTimeout(1, TimeUnit.MILLISECONDS);
        versions.applied(List.of(OrderRow.start(created("o-2", "c-1", "laptop", 1))));

        assertThat(waiting).failsWithin(Duration.ofSeconds(5));
        assertThat(versions.waiting()).isZero();
    }

    @Test
    void tellsCommitListenersOfEveryCommitThatChangedAnOrderWithoutAnyoneWaiting() {
        var commits = new AtomicInteger();
        versions.onEveryCommit(commits::incrementAndGet);

        versions.applied(List.of());
        assertThat(commits).hasValue(0);

        versions.applied(List.of(OrderRow.start(created("o-1", "c-1", "laptop", 1))));
        assertThat(commits).hasValue(1);
    }
}
