package io.orderpipeline.processor.inventory;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.processor.processing.Decider;
import io.orderpipeline.processor.processing.Decision;
import io.orderpipeline.processor.processing.ProcessingMetrics;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.core.log.LogAccessor;

/**
 * Stage A, keyed by order: reads {@code orders.processing-requests}, drops duplicates, lets the rules decide first and
 * hands what needs stock to the product's task. Everything else is a dead letter.
 */
final class OrderStage implements Processor<String, byte[], String, Routed> {

    private static final LogAccessor LOG = new LogAccessor(OrderStage.class);

    private final Decider decider;
    private final ProcessingMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, OrderHold> orders;

    OrderStage(Decider decider, ProcessingMetrics metrics, Clock clock) {
        this.decider = decider;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.orders = context.getStateStore(InventoryTopology.ORDER_STOCK_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            if (record.value() == null) {
                throw new InvalidEventException("empty value: not an event");
            }
            envelope = EventCodec.decode(record.value());
        } catch (InvalidEventException unreadable) {
            deadLetter(record, unreadable);
            return;
        }
        switch (envelope.event()) {
            case OrderProcessingRequested request -> request(record, envelope, request);
            case OrderShipped shipped -> settle(record, envelope, Work.Kind.CONSUME);
            case OrderCancelled cancelled -> settle(record, envelope, Work.Kind.RELEASE);
            default ->
                deadLetter(
                        record, new InvalidEventException(envelope.type() + " is not an event the processor acts on"));
        }
    }

    private void request(Record<String, byte[]> record, EventEnvelope envelope, OrderProcessingRequested request) {
        String orderId = envelope.orderId();
        if (orders.get(orderId) != null) {
            // the relay publishes at least once; this request's outcome was committed with its first copy
            LOG.debug(() -> "dropping a duplicate request of order " + orderId);
            return;
        }
        Decision decision = decider.decide(orderId, request);
        if (!decision.isProcessed()) {
            orders.put(orderId, new OrderHold(request.product(), request.quantity(), OrderHold.State.REJECTED));
            metrics.outcome(decision);
            context.forward(Outputs.outcome(
                    record.withKey(orderId),
                    envelope.eventId(),
                    orderId,
                    envelope.version(),
                    envelope.correlationId(),
                    decision,
                    clock.instant()));
            return;
        }
        orders.put(orderId, new OrderHold(request.product(), request.quantity(), OrderHold.State.SENT));
        Work reserve = Work.reserve(
                orderId,
                request.product(),
                request.quantity(),
                new Work.Request(envelope.eventId(), envelope.version(), envelope.correlationId()));
        context.forward(record.withKey(request.product()).<Routed>withValue(reserve));
    }

    private void settle(Record<String, byte[]> record, EventEnvelope envelope, Work.Kind kind) {
        String orderId = envelope.orderId();
        OrderHold hold = orders.get(orderId);
        if (hold == null || hold.state() != OrderHold.State.SENT) {
            LOG.debug(() -> "nothing to " + kind + " for order " + orderId + " (" + hold + ")");
            return;
        }
        orders.put(orderId, hold.settled());
        context.forward(record.withKey(hold.product()).<Routed>withValue(Work.settle(kind, hold, orderId)));
    }

    private void deadLetter(Record<String, byte[]> record, Exception reason) {
        metrics.deadLetter();
        context.forward(DeadLetters.of(record, context.recordMetadata().orElseThrow(), reason));
    }
}
