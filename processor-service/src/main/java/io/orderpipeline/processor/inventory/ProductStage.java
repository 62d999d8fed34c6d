package io.orderpipeline.processor.inventory;

import io.micrometer.observation.Observation;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.processor.processing.Decision;
import io.orderpipeline.processor.processing.ProcessingMetrics;
import io.orderpipeline.processor.processing.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Stage B, keyed by product: the one place a product's stock changes. Reservations, their release or consumption and
 * the admin's commands of one product all come through one task, one at a time, so a decision always sees the stock
 * every earlier decision left; each change is a {@link StockEvent} carrying the whole stock after it.
 */
final class ProductStage implements Processor<String, Work, String, Routed> {

    private static final LogAccessor LOG = new LogAccessor(ProductStage.class);
    private static final Serializer<StockCommandReply> REPLIES =
            JsonSerde.of(StockCommandReply.class).serializer();
    static final String INITIAL_STOCK_REASON = "initial stock";

    private final ProcessingMetrics metrics;
    private final Clock clock;
    private final long initialStock;
    private final RecordTraces traces;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, Stock> stocks;
    private KeyValueStore<String, Reservation> reservations;

    ProductStage(ProcessingMetrics metrics, Clock clock, long initialStock, RecordTraces traces) {
        this.metrics = metrics;
        this.clock = clock;
        this.initialStock = initialStock;
        this.traces = traces;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.stocks = context.getStateStore(Inventory.STOCK_STORE);
        this.reservations = context.getStateStore(InventoryTopology.RESERVATIONS_STORE);
    }

    @Override
    public void process(Record<String, Work> record) {
        Work work = record.value();
        if (work.kind() != Work.Kind.RESERVE) {
            decide(record, work);
            return;
        }
        Observation receive = traces.receive(record, context.recordMetadata().orElseThrow(), work.orderId());
        try (Observation.Scope scope = receive.openScope()) {
            decide(record, work);
        } catch (RuntimeException e) {
            receive.error(e);
            throw e;
        } finally {
            receive.stop();
        }
    }

    private void decide(Record<String, Work> record, Work work) {
        Stock stock = stocks.get(work.product());
        if (stock == null) {
            stock = Stock.none(work.product());
        }
        if (stock.version() == 0 && initialStock > 0) {
            stock = change(
                    record,
                    stock,
                    StockEvent.Type.StockReceived,
                    initialStock,
                    initialStock,
                    0,
                    null,
                    INITIAL_STOCK_REASON);
        }
        switch (work.kind()) {
            case RESERVE -> reserve(record, work, stock);
            case RELEASE -> settle(record, work, stock, false);
            case CONSUME -> settle(record, work, stock, true);
            case COMMAND -> command(record, work.command(), stock);
        }
    }

    private void reserve(Record<String, Work> record, Work work, Stock stock) {
        if (reservations.get(work.orderId()) != null) {
            LOG.debug(() -> "order " + work.orderId() + " already holds its reservation");
            return;
        }
        Decision decision;
        if (stock.available() >= work.quantity()) {
            change(
                    record,
                    stock,
                    StockEvent.Type.StockReserved,
                    work.quantity(),
                    stock.onHand(),
                    stock.reserved() + work.quantity(),
                    work.orderId(),
                    null);
            reservations.put(work.orderId(), new Reservation(work.product(), work.quantity()));
            decision = Decision.processed();
        } else {
            decision = Decision.rejected(
                    RejectionReason.INSUFFICIENT_STOCK,
                    "insufficient stock: " + work.quantity() + " " + work.product() + " asked, " + stock.available()
                            + " available");
        }
        metrics.outcome(decision);
        traces.outcome(decision);
        Work.Request request = work.request();
        Record<String, Routed> outcome = Outputs.outcome(
                record,
                request.eventId(),
                work.orderId(),
                request.version(),
                request.correlationId(),
                decision,
                clock.instant());
        traces.continueIn(outcome.headers());
        context.forward(outcome);
    }

    private void settle(Record<String, Work> record, Work work, Stock stock, boolean consumed) {
        Reservation reservation = reservations.get(work.orderId());
        if (reservation == null) {
            LOG.debug(() -> "order " + work.orderId() + " holds no reservation of " + work.product());
            return;
        }
        long quantity = reservation.quantity();
        if (consumed) {
            change(
                    record,
                    stock,
                    StockEvent.Type.ReservationConsumed,
                    quantity,
                    stock.onHand() - quantity,
                    stock.reserved() - quantity,
                    work.orderId(),
                    null);
        } else {
            change(
                    record,
                    stock,
                    StockEvent.Type.ReservationReleased,
                    quantity,
                    stock.onHand(),
                    stock.reserved() - quantity,
                    work.orderId(),
                    null);
        }
        reservations.delete(work.orderId());
    }

    private void command(Record<String, Work> record, StockCommand command, Stock stock) {
        StockCommandReply reply = switch (command.type()) {
            case RECEIVE -> {
                if (command.quantity() < 1) {
                    yield StockCommandReply.refused(
                            command, "quantity " + command.quantity() + " received must be at least 1", stock);
                }
                yield StockCommandReply.accepted(
                        command,
                        change(
                                record,
                                stock,
                                StockEvent.Type.StockReceived,
                                command.quantity(),
                                stock.onHand() + command.quantity(),
                                stock.reserved(),
                                null,
                                command.reason()));
            }
            case SET_ON_HAND -> {
                if (command.quantity() < stock.reserved()) {
                    yield StockCommandReply.refused(
                            command,
                            "on hand " + command.quantity() + " cannot be set below the " + stock.reserved()
                                    + " reserved",
                            stock);
                }
                yield StockCommandReply.accepted(
                        command,
                        change(
                                record,
                                stock,
                                StockEvent.Type.OnHandSet,
                                command.quantity(),
                                command.quantity(),
                                stock.reserved(),
                                null,
                                command.reason()));
            }
        };
        reply(record, reply);
    }

    /** Records one change: the event with the whole stock after it, and the stock in the store. */
    private Stock change(
            Record<String, Work> record,
            Stock before,
            StockEvent.Type type,
            long quantity,
            long onHand,
            long reserved,
            String orderId,
            String reason) {
        long version = before.version() + 1;
        StockEvent event = new StockEvent(
                UUID.nameUUIDFromBytes(
                        ("stock-event:" + before.product() + ":" + version).getBytes(StandardCharsets.UTF_8)),
                type,
                before.product(),
                version,
                clock.instant(),
                quantity,
                onHand,
                reserved,
                orderId,
                reason);
        Stock after = new Stock(before.product(), onHand, reserved, version);
        stocks.put(after.product(), after);
        Record<String, Routed> changed = Outputs.stockEvent(record, event);
        traces.continueIn(changed.headers());
        context.forward(changed);
        return after;
    }

    /** Where the command's reply-topic header says, with its correlation copied; no header, no reply. */
    private void reply(Record<String, Work> record, StockCommandReply reply) {
        Header replyTopic = record.headers().lastHeader(KafkaHeaders.REPLY_TOPIC);
        if (replyTopic == null) {
            return;
        }
        Header replyPartition = record.headers().lastHeader(KafkaHeaders.REPLY_PARTITION);
        Header correlation = record.headers().lastHeader(KafkaHeaders.CORRELATION_ID);
        Headers headers = Outputs.traceOf(record);
        if (correlation != null) {
            headers.add(KafkaHeaders.CORRELATION_ID, correlation.value());
        }
        Emit emit = new Emit(
                new String(replyTopic.value(), StandardCharsets.UTF_8),
                replyPartition == null
                        ? null
                        : ByteBuffer.wrap(replyPartition.value()).getInt(),
                REPLIES.serialize(null, reply));
        context.forward(record.<Routed>withValue(emit).withHeaders(headers));
    }
}
