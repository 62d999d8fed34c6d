package io.orderpipeline.orders.order;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.orders.eventstore.Commit;
import io.orderpipeline.orders.eventstore.ConcurrentAppendException;
import io.orderpipeline.orders.eventstore.DuplicateCommandException;
import io.orderpipeline.orders.eventstore.EventStore;
import io.orderpipeline.orders.eventstore.TracedEvent;
import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Handles a command: rebuild the order from its events, let it decide, append what it decided. The append is the
 * only write; it is durable before this returns, and the outbox relay publishes it from there.
 *
 * <p>A command whose id was committed before (an outcome redelivered by Kafka, a retried idempotent request) has no
 * second effect: it answers the state the first one left, found through the commit, which records the request's
 * fingerprint; the same key with another fingerprint is refused. That check costs a read only when a command that
 * may be repeated is refused, so the accepted path stays one read and one insert (one insert for a create). A refusal
 * is not remembered: a refused command retried is decided afresh, which is safe as a refusal changed nothing.
 *
 * <p>The read is skipped when the order's stream is in {@link RecentStreams}: the next command on an order usually
 * follows the previous one within moments. A decision on a cached stream that is refused, or whose append loses to
 * another commit, is taken once more on the stream as stored, so a stale cache changes nothing but the cost.
 */
@Service
public class OrderService {

    private final EventStore store;
    private final RecentStreams recent;
    private final Clock clock;

    OrderService(EventStore store, RecentStreams recent, Clock clock) {
        this.store = store;
        this.recent = recent;
        this.clock = clock;
    }

    /**
     * Creates a new order whose id is the command's id, so a retried create (same command id) finds its order
     * instead of making a second one. A fresh id has no history: no read is needed, the unique indexes still refuse
     * a second commit for it.
     */
    public OrderState create(CreateOrder command, CommandMetadata metadata) {
        String orderId = metadata.commandId();
        return decideAndAppend(orderId, List.of(), Order.replay(List.of()), command, metadata, OptionalLong.empty());
    }

    public OrderState handle(String orderId, OrderCommand command, CommandMetadata metadata) {
        return handle(orderId, command, metadata, OptionalLong.empty());
    }

    /**
     * @param expectedVersion the version the client decided on ({@code If-Match}); empty to accept any
     * @throws OrderNotFoundException if the order does not exist (and the command does not create it)
     * @throws IllegalTransitionException if the order's status does not allow the command
     * @throws VersionMismatchException if the order is not at the expected version
     * @throws ConcurrentAppendException if another command won the race for the next version
     */
    public OrderState handle(
            String orderId, OrderCommand command, CommandMetadata metadata, OptionalLong expectedVersion) {
        Optional<List<EventEnvelope>> cached = recent.get(orderId);
        if (cached.isPresent()) {
            try {
                return handle(orderId, cached.get(), command, metadata, expectedVersion);
            } catch (IllegalTransitionException | VersionMismatchException | ConcurrentAppendException perhapsStale) {
                recent.forget(orderId);
            }
        }
        return handle(orderId, store.load(orderId), command, metadata, expectedVersion);
    }

    private OrderState handle(
            String orderId,
            List<EventEnvelope> history,
            OrderCommand command,
            CommandMetadata metadata,
            OptionalLong expectedVersion) {
        if (history.isEmpty() && !(command instanceof CreateOrder)) {
            throw new OrderNotFoundException(orderId);
        }
        Order order = Order.replay(eventsOf(history));
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != order.version()) {
            return answerOfEarlier(metadata)
                    .orElseThrow(() -> new VersionMismatchException(
                            orderId, expectedVersion.getAsLong(), "it is at version " + order.version()));
        }
        return decideAndAppend(orderId, history, order, command, metadata, expectedVersion);
    }

    private OrderState decideAndAppend(
            String orderId,
            List<EventEnvelope> history,
            Order order,
            OrderCommand command,
            CommandMetadata metadata,
            OptionalLong expected) {
        List<OrderEvent> decided;
        try {
            decided = order.decide(command);
        } catch (IllegalTransitionException refused) {
            return answerOfEarlier(metadata).orElseThrow(() -> refused);
        }
        List<EventEnvelope> appended = envelope(orderId, order, decided, metadata);
        try {
            store.append(Commit.of(
                    orderId,
                    metadata.commandId(),
                    appended,
                    now(),
                    recordOf(command, metadata),
                    command instanceof RecordProcessingOutcome outcome ? outcome.decidedAt() : null,
                    order.concernsProcessor(command)));
        } catch (DuplicateCommandException | ConcurrentAppendException raced) {
            Optional<OrderState> earlier = answerOfEarlier(metadata);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            if (expected.isPresent()) {
                throw new VersionMismatchException(
                        orderId, expected.getAsLong(), "another command changed it concurrently");
            }
            throw raced;
        }
        recent.remember(
                orderId, Stream.concat(history.stream(), appended.stream()).toList());
        decided.forEach(order::apply);
        return stateOf(orderId, order);
    }

    /**
     * The state a command left when it was committed before, e.g. a redelivery or a retry with the same key; read from
     * the cached stream when it reaches that far.
     *
     * @throws IdempotencyKeyReusedException if the commit was made by another request with the same key
     */
    private Optional<OrderState> answerOfEarlier(CommandMetadata metadata) {
        if (!metadata.mayBeRepeated()) {
            return Optional.empty();
        }
        return store.findCommit(metadata.commandId()).map(commit -> {
            Commit.Command recorded = commit.command();
            if (recorded != null && !Objects.equals(recorded.fingerprint(), metadata.fingerprint())) {
                throw new IdempotencyKeyReusedException(metadata.idempotencyKey());
            }
            List<EventEnvelope> stream = recent.get(commit.orderId())
                    .filter(cached -> cached.size() >= commit.toVersion())
                    .orElseGet(() -> store.load(commit.orderId()));
            List<OrderEvent> upToCommit = stream.stream()
                    .filter(event -> event.version() <= commit.toVersion())
                    .map(EventEnvelope::event)
                    .toList();
            Order then = Order.replay(upToCommit);
            return new OrderState(commit.orderId(), then.status(), then.version(), true);
        });
    }

    private static Commit.Command recordOf(OrderCommand command, CommandMetadata metadata) {
        return new Commit.Command(
                command.name(),
                metadata.source(),
                metadata.idempotencyKey(),
                metadata.fingerprint(),
                metadata.receivedAt());
    }

    /** The stream as stored, oldest first, each event with the trace id of its commit. */
    public List<TracedEvent> events(String orderId) {
        List<TracedEvent> history = store.loadTraced(orderId);
        if (history.isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        return history;
    }

    /** The order folded from the events recorded up to and including {@code asOf}; the latest state if empty. */
    public OrderSnapshot snapshot(String orderId, Optional<Instant> asOf) {
        List<EventEnvelope> history = store.load(orderId).stream()
                .filter(event -> asOf.isEmpty() || !event.occurredAt().isAfter(asOf.get()))
                .toList();
        if (history.isEmpty()) {
            throw asOf.map(instant -> new OrderNotFoundException(orderId, instant))
                    .orElseGet(() -> new OrderNotFoundException(orderId));
        }
        Order order = Order.replay(eventsOf(history));
        return new OrderSnapshot(
                orderId,
                order.status(),
                order.version(),
                order.customerId(),
                order.product(),
                order.quantity(),
                history.getLast().occurredAt(),
                order.status().allowedCommands());
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
        return new OrderState(orderId, order.status(), order.version(), false);
    }
}
