package io.orderpipeline.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.eventstore.EventStore;
import io.orderpipeline.orders.order.OrderCommand.CancelOrder;
import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import io.orderpipeline.orders.order.OrderCommand.RequestProcessing;
import io.orderpipeline.orders.order.OrderCommand.ShipOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A cached stream is only an optimisation: when another instance has appended since (simulated by putting an old
 * stream back into the cache), every decision is still the one the stored stream dictates.
 */
@OrdersServiceTest
class RecentStreamsIT {

    @Autowired
    OrderService orders;

    @Autowired
    RecentStreams recent;

    @Autowired
    EventStore store;

    @Test
    void aCommandRefusedOnAStaleStreamIsDecidedAgainOnTheStoredOne() {
        String orderId = orders.create(new CreateOrder("c-1", "laptop", 1), CommandMetadata.newRequest())
                .orderId();
        orders.handle(orderId, new RequestProcessing(), CommandMetadata.newRequest());
        List<EventEnvelope> processing = recent.get(orderId).orElseThrow();
        orders.handle(
                orderId,
                new RecordProcessingOutcome(new OrderProcessed(), Instant.now()),
                CommandMetadata.newRequest());
        makeStale(orderId, processing);

        // The cache says PROCESSING, which refuses ship; the store says PROCESSED, which allows it.
        OrderState shipped = orders.handle(orderId, new ShipOrder(), CommandMetadata.newRequest());

        assertThat(shipped.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.version()).isEqualTo(4);
        assertThat(store.load(orderId)).hasSize(4);
    }

    @Test
    void aCommandAcceptedOnAStaleStreamLosesItsAppendAndIsRefusedOnTheStoredOne() {
        String orderId = orders.create(new CreateOrder("c-1", "laptop", 1), CommandMetadata.newRequest())
                .orderId();
        List<EventEnvelope> created = recent.get(orderId).orElseThrow();
        orders.handle(orderId, new RequestProcessing(), CommandMetadata.newRequest());
        makeStale(orderId, created);

        // The cache says CREATED, which allows cancel; the store says PROCESSING, which does not.
        assertThatThrownBy(() -> orders.handle(orderId, new CancelOrder("too slow"), CommandMetadata.newRequest()))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(OrderStatus.PROCESSING));
        assertThat(store.load(orderId)).hasSize(2);
    }

    @Test
    void remembersTheStreamItAppendedForTheNextCommand() {
        String orderId = orders.create(new CreateOrder("c-1", "laptop", 1), CommandMetadata.newRequest())
                .orderId();

        orders.handle(orderId, new RequestProcessing(), CommandMetadata.newRequest());

        assertThat(recent.get(orderId).orElseThrow())
                .extracting(EventEnvelope::version)
                .containsExactly(1L, 2L);
    }

    private void makeStale(String orderId, List<EventEnvelope> old) {
        recent.forget(orderId);
        recent.remember(orderId, old);
    }
}
