package io.orderpipeline.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.orders.order.OrderCommand.CancelOrder;
import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import io.orderpipeline.orders.order.OrderCommand.DeliverOrder;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import io.orderpipeline.orders.order.OrderCommand.RequestProcessing;
import io.orderpipeline.orders.order.OrderCommand.ShipOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events (or a refusal). */
class OrderTest {

    private static final OrderCreated CREATED = new OrderCreated("c-1", "laptop", 2);
    private static final OrderProcessingRequested REQUESTED = new OrderProcessingRequested("c-1", "laptop", 2);
    private static final Instant DECIDED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void createsAnOrder() {
        assertThat(given().decide(new CreateOrder("c-1", "laptop", 2))).containsExactly(CREATED);
    }

    @Test
    void requestsProcessingWithTheOrderLines() {
        assertThat(given(CREATED).decide(new RequestProcessing())).containsExactly(REQUESTED);
    }

    @Test
    void recordsEitherOutcomeOfProcessing() {
        assertThat(given(CREATED, REQUESTED).decide(new RecordProcessingOutcome(new OrderProcessed(), DECIDED)))
                .containsExactly(new OrderProcessed());
        assertThat(given(CREATED, REQUESTED)
                        .decide(new RecordProcessingOutcome(new OrderRejected("no stock"), DECIDED)))
                .containsExactly(new OrderRejected("no stock"));
    }

    @Test
    void shipsAndDeliversAProcessedOrder() {
        assertThat(given(CREATED, REQUESTED, new OrderProcessed()).decide(new ShipOrder()))
                .containsExactly(new OrderShipped());
        assertThat(given(CREATED, REQUESTED, new OrderProcessed(), new OrderShipped())
                        .decide(new DeliverOrder()))
                .containsExactly(new OrderDelivered());
    }

    @Test
    void cancelsACreatedOrAProcessedOrder() {
        assertThat(given(CREATED).decide(new CancelOrder("changed my mind")))
                .containsExactly(new OrderCancelled("changed my mind"));
        assertThat(given(CREATED, REQUESTED, new OrderProcessed()).decide(new CancelOrder("too slow")))
                .containsExactly(new OrderCancelled("too slow"));
    }

    /** The processor holds stock from an order's request until a processed order is shipped or cancelled. */
    @Test
    void concernsTheProcessorFromTheRequestUntilAProcessedOrderEnds() {
        Order processed = given(CREATED, REQUESTED, new OrderProcessed());
        assertThat(given(CREATED).concernsProcessor(new RequestProcessing())).isTrue();
        assertThat(processed.concernsProcessor(new ShipOrder())).isTrue();
        assertThat(processed.concernsProcessor(new CancelOrder("too slow"))).isTrue();

        assertThat(given(CREATED).concernsProcessor(new CancelOrder("changed my mind")))
                .isFalse();
        assertThat(given().concernsProcessor(new CreateOrder("c-1", "laptop", 2)))
                .isFalse();
        assertThat(given(CREATED, REQUESTED)
                        .concernsProcessor(new RecordProcessingOutcome(new OrderProcessed(), DECIDED)))
                .isFalse();
        assertThat(given(CREATED, REQUESTED, new OrderProcessed(), new OrderShipped())
                        .concernsProcessor(new DeliverOrder()))
                .isFalse();
    }

    @Test
    void refusesToShipAnOrderThatIsNotProcessedAndSaysWhatIsAllowed() {
        assertThatThrownBy(() -> given(CREATED).decide(new ShipOrder()))
                .isInstanceOfSatisfying(IllegalTransitionException.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(OrderStatus.CREATED);
                    assertThat(refusal.allowedCommands()).containsExactly("process", "cancel");
                });
    }

    @Test
    void refusesEveryMoveTheLifecycleDoesNotHave() {
        assertRefused(given(CREATED, REQUESTED), new CancelOrder("x"), OrderStatus.PROCESSING);
        assertRefused(given(CREATED, REQUESTED), new RequestProcessing(), OrderStatus.PROCESSING);
        assertRefused(given(CREATED), new RecordProcessingOutcome(new OrderProcessed(), DECIDED), OrderStatus.CREATED);
        assertRefused(given(CREATED, REQUESTED, new OrderRejected("r")), new ShipOrder(), OrderStatus.REJECTED);
        assertRefused(
                given(CREATED, REQUESTED, new OrderProcessed(), new OrderShipped()),
                new CancelOrder("x"),
                OrderStatus.SHIPPED);
        assertRefused(given(CREATED, new OrderCancelled("x")), new RequestProcessing(), OrderStatus.CANCELLED);
        assertRefused(
                given(CREATED, REQUESTED, new OrderProcessed(), new OrderShipped(), new OrderDelivered()),
                new CancelOrder("x"),
                OrderStatus.DELIVERED);
    }

    @Test
    void countsItsVersionInEvents() {
        Order order = given(CREATED, REQUESTED, new OrderProcessed());

        assertThat(order.version()).isEqualTo(3);
        assertThat(order.status()).isEqualTo(OrderStatus.PROCESSED);
        assertThat(given().exists()).isFalse();
    }

    private static void assertRefused(Order order, OrderCommand command, OrderStatus status) {
        assertThatThrownBy(() -> order.decide(command))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(status));
    }

    private static Order given(OrderEvent... history) {
        return Order.replay(List.of(history));
    }
}
