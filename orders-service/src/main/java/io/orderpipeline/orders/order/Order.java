package io.orderpipeline.orders.order;

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
import java.util.List;

/**
 * The order aggregate, rebuilt from its events. {@link #decide} checks a command against the current state and
 * returns the new events without changing anything; {@link #apply} changes the state and decides nothing.
 */
public final class Order {

    private OrderStatus status;
    private long version;
    private String customerId;
    private String product;
    private int quantity;

    private Order() {}

    /** The order as its events leave it; an empty history is an order that does not exist yet. */
    public static Order replay(List<OrderEvent> history) {
        Order order = new Order();
        history.forEach(order::apply);
        return order;
    }

    public List<OrderEvent> decide(OrderCommand command) {
        if (!(command instanceof CreateOrder) && !exists()) {
            throw new IllegalStateException("decide " + command.name() + " only on an existing order");
        }
        return switch (command) {
            case CreateOrder create -> {
                if (exists()) {
                    throw new IllegalStateException("the order exists already");
                }
                yield List.of(new OrderCreated(create.customerId(), create.product(), create.quantity()));
            }
            case RequestProcessing ignored -> {
                require(command, OrderStatus.CREATED);
                yield List.of(new OrderProcessingRequested(customerId, product, quantity));
            }
            case RecordProcessingOutcome outcome -> {
                require(command, OrderStatus.PROCESSING);
                yield List.of(outcome.outcome());
            }
            case ShipOrder ignored -> {
                require(command, OrderStatus.PROCESSED);
                yield List.of(new OrderShipped());
            }
            case DeliverOrder ignored -> {
                require(command, OrderStatus.SHIPPED);
                yield List.of(new OrderDelivered());
            }
            case CancelOrder cancel -> {
                require(command, OrderStatus.CREATED, OrderStatus.PROCESSED);
                yield List.of(new OrderCancelled(cancel.reason()));
            }
        };
    }

    /**
     * Whether processor-service acts on what the command decides here: it reserves stock for a processing request and
     * consumes or releases that reservation when a processed order is shipped or cancelled. A created order holds no
     * stock, so its cancel does not concern the processor. Asked before the decided events are applied.
     */
    public boolean concernsProcessor(OrderCommand command) {
        return switch (command) {
            case RequestProcessing ignored -> true;
            case ShipOrder ignored -> true;
            case CancelOrder ignored -> status == OrderStatus.PROCESSED;
            case CreateOrder ignored -> false;
            case RecordProcessingOutcome ignored -> false;
            case DeliverOrder ignored -> false;
        };
    }

    public void apply(OrderEvent event) {
        switch (event) {
            case OrderCreated created -> {
                status = OrderStatus.CREATED;
                customerId = created.customerId();
                product = created.product();
                quantity = created.quantity();
            }
            case OrderProcessingRequested ignored -> status = OrderStatus.PROCESSING;
            case OrderProcessed ignored -> status = OrderStatus.PROCESSED;
            case OrderRejected ignored -> status = OrderStatus.REJECTED;
            case OrderShipped ignored -> status = OrderStatus.SHIPPED;
            case OrderDelivered ignored -> status = OrderStatus.DELIVERED;
            case OrderCancelled ignored -> status = OrderStatus.CANCELLED;
        }
        version++;
    }

    private void require(OrderCommand command, OrderStatus... allowed) {
        for (OrderStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new IllegalTransitionException(command.name(), status);
    }

    public boolean exists() {
        return version > 0;
    }

    public OrderStatus status() {
        return status;
    }

    public long version() {
        return version;
    }

    public String customerId() {
        return customerId;
    }

    public String product() {
        return product;
    }

    public int quantity() {
        return quantity;
    }
}
