package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeciderTest {

    private static final Set<String> CATALOG = Set.of("laptop", "phone");

    private final Decider decider = new Decider(rules(0.0));

    @Test
    void processesAKnownProductAtTheMaximumQuantity() {
        Decision decision = decider.decide("o-1", new OrderProcessingRequested("c-1", "laptop", 10));

        assertThat(decision.outcome()).isEqualTo(new OrderProcessed());
        assertThat(decision.rejectionReason()).isNull();
    }

    @Test
    void rejectsAnOrderAboveTheMaximumQuantityAndSaysWhy() {
        Decision decision = decider.decide("o-1", new OrderProcessingRequested("c-1", "laptop", 11));

        assertThat(decision.outcome()).isEqualTo(new OrderRejected("quantity 11 is above the maximum of 10"));
        assertThat(decision.rejectionReason()).isEqualTo(RejectionReason.QUANTITY_ABOVE_MAXIMUM);
    }

    @Test
    void rejectsAQuantityBelowOne() {
        Decision decision = decider.decide("o-1", new OrderProcessingRequested("c-1", "laptop", 0));

        assertThat(decision.outcome()).isEqualTo(new OrderRejected("quantity 0 is not positive"));
        assertThat(decision.rejectionReason()).isEqualTo(RejectionReason.QUANTITY_NOT_POSITIVE);
    }

    @Test
    void rejectsAProductOutsideTheCatalogAndNamesIt() {
        Decision decision = decider.decide("o-1", new OrderProcessingRequested("c-1", "yacht", 1));

        assertThat(decision.outcome()).isEqualTo(new OrderRejected("product 'yacht' is not in the catalog"));
        assertThat(decision.rejectionReason()).isEqualTo(RejectionReason.UNKNOWN_PRODUCT);
    }

    @Test
    void rejectsAboutTheConfiguredShareOfOrdersAsFailed() {
        Decider unreliable = new Decider(rules(0.25));

        long failed = orderIds(10_000).stream()
                .map(id -> unreliable.decide(id, new OrderProcessingRequested("c-1", "phone", 1)))
                .filter(d -> d.rejectionReason() == RejectionReason.SIMULATED_FAILURE)
                .count();

        assertThat(failed).isBetween(2_300L, 2_700L);
    }

    @Test
    void neverFailsWithAFailureRateOfZeroAndAlwaysWithOne() {
        Decider reliable = new Decider(rules(0.0));
        Decider broken = new Decider(rules(1.0));
        OrderProcessingRequested request = new OrderProcessingRequested("c-1", "phone", 1);

        assertThat(orderIds(1_000)).allSatisfy(id -> {
            assertThat(reliable.decide(id, request).isProcessed()).isTrue();
            assertThat(broken.decide(id, request).rejectionReason()).isEqualTo(RejectionReason.SIMULATED_FAILURE);
        });
    }

    @Test
    void decidesTheSameOrderTheSameWayEveryTimeEvenInAnotherInstance() {
        ProcessingRules rules = rules(0.5);
        OrderProcessingRequested request = new OrderProcessingRequested("c-1", "phone", 1);
        List<String> ids = orderIds(200);

        List<Decision> first =
                ids.stream().map(id -> new Decider(rules).decide(id, request)).toList();
        List<Decision> replay =
                ids.stream().map(id -> new Decider(rules).decide(id, request)).toList();

        assertThat(replay).isEqualTo(first);
        // the replay equals the first run because of the seed, not because every decision is the same
        assertThat(first).extracting(Decision::isProcessed).contains(true, false);
    }

    private static ProcessingRules rules(double failureRate) {
        return new ProcessingRules(10, CATALOG, failureRate);
    }

    private static List<String> orderIds(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> UUID.nameUUIDFromBytes(("order-" + i).getBytes()).toString())
                .toList();
    }
}
