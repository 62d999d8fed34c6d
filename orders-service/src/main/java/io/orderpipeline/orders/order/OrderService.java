package io.orderpipeline.orders.order;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.orders.eventstore.Commit;
import io.orderpipeline.orders.eventstore.DuplicateCommandException;
import io.orderpipeline.orders.eventstore.EventStore;
import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Handles a command: rebuild the order from its events, let it decide, append what it decided. The append is the
 * only write; it is durable before this returns, and the outbox relay publishes it from there.
 */
@Service
public class OrderService {

    private final EventStore store;
    private final Clock clock;

    OrderService(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public OrderState create(CreateOrder command, CommandMetadata metadata) {
        return handle(UUID.randomUUID().toString(), command, metadata);
    }

    /**
     * @throws OrderNotFoundException if the order does not exist (and the command does not create it)
     * @throws IllegalTransitionException if the order's status does not allow the command
     * @throws io.orderpipeline.orders.eventstore.ConcurrentAppendException if another command won the race
     */
    public OrderState handle(String orderId, OrderCommand command, CommandMetadata metadata) {
        List<EventEnvelope> history = store.load(orderId);
        if (history.isEmpty() && !(command instanceof CreateOrder)) {
            throw new OrderNotFoundException(orderId);
        }
        Order order = Order.replay(eventsOf(history));
        if (store.containsCommand(metadata.commandId())) {
            return stateOf(orderId, order);
        }
        List<OrderEvent> decided = order.decide(command);
        try {
            store.append(Commit.of(orderId, metadata.commandId(), envelope(orderId, order, decided, metadata), now()));
        } catch (DuplicateCommandException raced) {
            return stateOf(orderId, Order.replay(eventsOf(store.load(orderId))));
        }
        decided.forEach(order::apply);
        return stateOf(orderId, order);
    }

    /** The stream as stored, oldest first. */
    public List<EventEnvelope> events(String orderId) {
        List<EventEnvelope> history = store.load(orderId);
        if (history.isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        return history;
    }

    private List<EventEnvelope> envelope(
            String orderId, Order order, List<OrderEvent> decided, CommandMetadata metadata) {
        Instant now = now();
        List<EventEnvelope> envelopes = new ArrayList<>(decided.size());
        long version = order.version();
        for (OrderEvent event : decided) {
            envelopes.add(new EventEnvelope(
                    UUID.randomUUID(),
                    orderId,
                    ++version,
                    now,
                    metadata.correlationId(),
                    metadata.causationId(),
                    event));
        }
        return envelopes;
    }

    private Instant now() {
        return clock.instant();
    }

    private static List<OrderEvent> eventsOf(List<EventEnvelope> history) {
        return history.stream().map(EventEnvelope::event).toList();
    }

    private static OrderState stateOf(String orderId, Order order) {
        return new OrderState(orderId, order.status(), order.version());
    }
}
