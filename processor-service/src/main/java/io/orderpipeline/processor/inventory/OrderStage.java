package io.orderpipeline.processor.inventory;

import io.micrometer.observation.Observation;
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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    private final RecordTraces traces;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, OrderHold> orders;

    OrderStage(Decider decider, ProcessingMetrics metrics, Clock clock, RecordTraces traces) {
        this.decider = decider;
        this.metrics = metrics;
        this.clock = clock;
        this.traces = traces;
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
        Observation receive = traces.receive(record, context.recordMetadata().orElseThrow(), orderId);
        try (Observation.Scope scope = receive.openScope()) {
            decide(record, envelope, request);
        } catch (RuntimeException e) {
            receive.error(e);
            throw e;
        } finally {
            receive.stop();
        }
    }

    private void decide(Record<String, byte[]> record, EventEnvelope envelope, OrderProcessingRequested request) {
        String orderId = envelope.orderId();
        Decision decision = decider.decide(orderId, request);
        if (!decision.isProcessed()) {
            traces.outcome(decision);
            orders.put(orderId, new OrderHold(request.product(), request.quantity(), OrderHold.State.REJECTED));
            metrics.outcome(decision);
            Record<String, Routed> outcome = Outputs.outcome(
                    record.withKey(orderId),
                    envelope.eventId(),
                    orderId,
                    envelope.version(),
                    envelope.correlationId(),
                    decision,
                    clock.instant());
            traces.continueIn(outcome.headers());
            context.forward(outcome);
            return;
        }
        orders.put(orderId, new OrderHold(request.product(), request.quantity(), OrderHold.State.SENT));
        Work reserve = Work.reserve(
                orderId,
                request.product(),
                request.quantity(),
                new Work.Request(envelope.eventId(), envelope.version(), envelope.correlationId()));
        // the product's task continues the trace from this span
        Headers headers = traces.continueIn(new RecordHeaders(record.headers().toArray()));
        context.forward(
                record.withKey(request.product()).<Routed>withValue(reserve).withHeaders(headers));
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
