package io.orderpipeline.processor.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.processor.processing.Decider;
import io.orderpipeline.processor.processing.ProcessingMetrics;
import io.orderpipeline.processor.processing.ProcessingRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

/** The whole topology, both stages and the repartition between them, without a broker. */
class InventoryTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String REPLIES = "test.replies";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> outcomes;
    private TestOutputTopic<String, byte[]> stockEvents;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> replies;

    private void start(long initialStock) {
        StreamsBuilder builder = new StreamsBuilder();
        InventoryTopology.build(
                builder,
                Decider.of(new ProcessingRules(10, Set.of("laptop", "phone"), 0.0)),
                new ProcessingMetrics(meters),
                Clock.fixed(NOW, ZoneOffset.UTC),
                RecordTraces.NONE,
                initialStock,
                3);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-service");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), config);
        requests =
                driver.createInputTopic(Topics.PROCESSING_REQUESTS, new StringSerializer(), new ByteArraySerializer());
        commands = driver.createInputTopic(Inventory.COMMANDS, new StringSerializer(), new ByteArraySerializer());
        outcomes = output(Topics.PROCESSING_RESULTS);
        stockEvents = output(Topics.INVENTORY_EVENTS);
        deadLetters = output(Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX);
        replies = output(REPLIES);
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void reservesWhileAvailableThenRejectsSayingWhatWasAskedAndAvailable() {
        start(0);
        setOnHand("laptop", 3);
        EventEnvelope first = request("o-1", "laptop", 2);
        EventEnvelope second = request("o-2", "laptop", 2);

        List<EventEnvelope> answers = outcomes();
        assertThat(answers).extracting(EventEnvelope::orderId).containsExactly("o-1", "o-2");
        assertThat(answers.get(0).event()).isEqualTo(new OrderProcessed());
        assertThat(answers.get(1).event())
                .isEqualTo(new OrderRejected("insufficient stock: 2 laptop asked, 1 available"));
        EventEnvelope processed = answers.get(0);
        assertThat(processed.version()).isEqualTo(first.version());
        assertThat(processed.causationId()).isEqualTo(first.eventId().toString());
        assertThat(processed.correlationId()).isEqualTo(first.correlationId());
        assertThat(processed.eventId())
                .isEqualTo(UUID.nameUUIDFromBytes(("outcome-of:" + first.eventId()).getBytes(StandardCharsets.UTF_8)));
        assertThat(answers.get(1).causationId()).isEqualTo(second.eventId().toString());
        List<StockEvent> events = stockEvents();
        assertThat(events)
                .extracting(StockEvent::type, StockEvent::version, StockEvent::onHand, StockEvent::reserved)
                .containsExactly(
                        tuple(StockEvent.Type.OnHandSet, 1L, 3L, 0L), tuple(StockEvent.Type.StockReserved, 2L, 3L, 2L));
        assertThat(events.get(1).orderId()).isEqualTo("o-1");
        assertThat(events.get(1).quantity()).isEqualTo(2);
        assertThat(stock("laptop")).isEqualTo(new Stock("laptop", 3, 2, 2));
    }

    @Test
    void aProductWithoutStockRejectsOrders() {
        start(0);
        request("o-1", "phone", 1);

        assertThat(outcomes())
                .singleElement()
                .extracting(EventEnvelope::event)
                .isEqualTo(new OrderRejected("insufficient stock: 1 phone asked, 0 available"));
        assertThat(stockEvents.isEmpty()).isTrue();
        assertThat(meters.counter("processor.orders.rejected", "reason", "stock")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("processor.orders.processed").count()).isZero();
    }

    @Test
    void theRulesDecideFirstAndTheirRejectionNeedsNoStock() {
        start(100);
        request("o-1", "yacht", 1);
        request("o-2", "laptop", 11);

        assertThat(outcomes())
                .extracting(EventEnvelope::event)
                .containsExactly(
                        new OrderRejected("product 'yacht' is not in the catalog"),
                        new OrderRejected("quantity 11 is above the maximum of 10"));
        assertThat(stockEvents.isEmpty())
                .as("the product's task never saw them")
                .isTrue();
    }

    @Test
    void dropsADuplicateRequestWhoseOutcomeWasAlreadySent() {
        start(0);
        setOnHand("laptop", 5);
        EventEnvelope request = request("o-1", "laptop", 2);
        requests.pipeInput(request.orderId(), EventCodec.encode(request));

        assertThat(outcomes()).hasSize(1);
        assertThat(stockEvents())
                .extracting(StockEvent::type)
                .containsExactly(StockEvent.Type.OnHandSet, StockEvent.Type.StockReserved);
        assertThat(stock("laptop").reserved()).isEqualTo(2);
    }

    @Test
    void aCancelReleasesTheReservationOnceAndAShipAfterItConsumesNothing() {
        start(0);
        setOnHand("laptop", 5);
        request("o-1", "laptop", 2);
        send("o-1", 4, new OrderCancelled("changed my mind"));
        send("o-1", 4, new OrderCancelled("changed my mind"));
        send("o-1", 5, new OrderShipped());

        List<StockEvent> events = stockEvents();
        assertThat(events)
                .extracting(StockEvent::type)
                .containsExactly(
                        StockEvent.Type.OnHandSet, StockEvent.Type.StockReserved, StockEvent.Type.ReservationReleased);
        StockEvent released = events.get(2);
        assertThat(released.orderId()).isEqualTo("o-1");
        assertThat(released.quantity()).isEqualTo(2);
        assertThat(released.version()).isEqualTo(3);
        assertThat(released.onHand()).isEqualTo(5);
        assertThat(released.reserved()).isZero();
        assertThat(stock("laptop")).isEqualTo(new Stock("laptop", 5, 0, 3));
    }

    @Test
    void aShipConsumesTheReservationOnce() {
        start(0);
        setOnHand("laptop", 5);
        request("o-1", "laptop", 2);
        send("o-1", 4, new OrderShipped());
        send("o-1", 4, new OrderShipped());

        List<StockEvent> events = stockEvents();
        assertThat(events)
                .extracting(StockEvent::type)
                .containsExactly(
                        StockEvent.Type.OnHandSet, StockEvent.Type.StockReserved, StockEvent.Type.ReservationConsumed);
        assertThat(events.get(2).onHand()).isEqualTo(3);
        assertThat(events.get(2).reserved()).isZero();
        assertThat(stock("laptop")).isEqualTo(new Stock("laptop", 3, 0, 3));
    }

    @Test
    void aShipOfARejectedOrderChangesNothing() {
        start(0);
        request("o-1", "laptop", 1);
        send("o-1", 4, new OrderShipped());

        assertThat(stockEvents.isEmpty()).isTrue();
    }

    @Test
    void receivesStockAndRepliesWhereTheCommandSaysWithItsCorrelation() {
        start(0);
        command(new StockCommand("cmd-1", StockCommand.Type.RECEIVE, "phone", 4, "delivery"), "corr-1");
        command(new StockCommand("cmd-2", StockCommand.Type.RECEIVE, "phone", 6, null), "corr-2");

        List<StockEvent> events = stockEvents();
        assertThat(events)
                .extracting(StockEvent::type, StockEvent::quantity, StockEvent::onHand, StockEvent::reason)
                .containsExactly(
                        tuple(StockEvent.Type.StockReceived, 4L, 4L, "delivery"),
                        tuple(StockEvent.Type.StockReceived, 6L, 10L, null));
        List<TestRecord<String, byte[]>> answers = replies.readRecordsToList();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1)
                        .headers()
                        .lastHeader(KafkaHeaders.CORRELATION_ID)
                        .value())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("corr-2");
        assertThat(reply(answers.get(1)))
                .isEqualTo(new StockCommandReply("cmd-2", true, null, new Stock("phone", 10, 0, 2)));
    }

    @Test
    void setsOnHandButNeverBelowWhatIsReservedAndSaysWhyInTheReply() {
        start(0);
        setOnHand("laptop", 8);
        request("o-1", "laptop", 5);
        command(new StockCommand("cmd-low", StockCommand.Type.SET_ON_HAND, "laptop", 3, "count"), "corr-low");
        command(new StockCommand("cmd-ok", StockCommand.Type.SET_ON_HAND, "laptop", 6, "count"), "corr-ok");

        List<TestRecord<String, byte[]>> answers = replies.readRecordsToList();
        assertThat(answers).hasSize(2);
        assertThat(reply(answers.get(0)))
                .isEqualTo(new StockCommandReply(
                        "cmd-low",
                        false,
                        "on hand 3 cannot be set below the 5 reserved",
                        new Stock("laptop", 8, 5, 2)));
        assertThat(reply(answers.get(1)))
                .isEqualTo(new StockCommandReply("cmd-ok", true, null, new Stock("laptop", 6, 5, 3)));
        assertThat(stockEvents())
                .extracting(StockEvent::type)
                .containsExactly(StockEvent.Type.OnHandSet, StockEvent.Type.StockReserved, StockEvent.Type.OnHandSet);
    }

    @Test
    void aCommandWithoutAReplyTopicChangesStockAndGetsNoReply() {
        start(0);
        commands.pipeInput(
                "phone",
                JsonSerde.of(StockCommand.class)
                        .serializer()
                        .serialize(null, new StockCommand("cmd-1", StockCommand.Type.RECEIVE, "phone", 2, null)));

        assertThat(stockEvents()).extracting(StockEvent::onHand).containsExactly(2L);
        assertThat(replies.isEmpty()).isTrue();
    }

    @Test
    void recordsTheInitialStockAsAnEventTheFirstTimeAProductIsTouched() {
        start(5);
        request("o-1", "laptop", 1);
        request("o-2", "laptop", 1);

        List<StockEvent> events = stockEvents();
        assertThat(events)
                .extracting(
                        StockEvent::type,
                        StockEvent::version,
                        StockEvent::quantity,
                        StockEvent::onHand,
                        StockEvent::reserved,
                        StockEvent::reason)
                .containsExactly(
                        tuple(StockEvent.Type.StockReceived, 1L, 5L, 5L, 0L, "initial stock"),
                        tuple(StockEvent.Type.StockReserved, 2L, 1L, 5L, 1L, null),
                        tuple(StockEvent.Type.StockReserved, 3L, 1L, 5L, 2L, null));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.product()).isEqualTo("laptop");
            assertThat(event.occurredAt()).isEqualTo(NOW);
        });
        assertThat(events).extracting(StockEvent::eventId).doesNotHaveDuplicates();
        assertThat(stockEvents.readRecordsToList()).isEmpty();
    }

    @Test
    void stockEventsAreKeyedByProduct() {
        start(5);
        request("o-1", "laptop", 1);

        assertThat(stockEvents.readKeyValuesToList()).extracting(kv -> kv.key).containsOnly("laptop");
        assertThat(outcomes.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("o-1");
    }

    @Test
    void sendsUnreadableRecordsAndEventsItDoesNotActOnToTheDeadLetterTopicAndGoesOn() {
        start(5);
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        EventEnvelope delivered = envelope("o-1", 6, new OrderDelivered());
        requests.pipeInput("o-1", notJson);
        requests.pipeInput("o-1", EventCodec.encode(delivered));
        request("o-2", "laptop", 1);

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).value()).isEqualTo(notJson);
        assertThat(text(letters.get(0).headers(), DeadLetterHeaders.REASON)).startsWith("not JSON");
        assertThat(text(letters.get(1).headers(), DeadLetterHeaders.REASON))
                .isEqualTo("OrderDelivered is not an event the processor acts on");
        assertThat(text(letters.get(1).headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC))
                .isEqualTo(Topics.PROCESSING_REQUESTS);
        assertThat(ByteBuffer.wrap(letters.get(1)
                                .headers()
                                .lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                                .value())
                        .getLong())
                .isEqualTo(1);
        assertThat(ByteBuffer.wrap(letters.get(1)
                                .headers()
                                .lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
                                .value())
                        .getInt())
                .isZero();
        assertThat(text(letters.get(1).headers(), KafkaHeaders.DLT_EXCEPTION_FQCN))
                .isEqualTo("io.orderpipeline.events.InvalidEventException");
        assertThat(outcomes()).singleElement().extracting(EventEnvelope::event).isEqualTo(new OrderProcessed());
    }

    @Test
    void sendsAnUnreadableCommandToItsDeadLetterTopic() {
        start(0);
        TestOutputTopic<String, byte[]> commandLetters = output(Inventory.COMMANDS + Topics.DEAD_LETTER_SUFFIX);
        commands.pipeInput("phone", "{\"commandId\":".getBytes(StandardCharsets.UTF_8));
        command(new StockCommand("cmd-1", StockCommand.Type.RECEIVE, "phone", 2, null), "corr-1");

        assertThat(text(commandLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .startsWith("not a stock command");
        assertThat(stockEvents()).extracting(StockEvent::onHand).containsExactly(2L);
    }

    @Test
    void theOutcomeAndTheStockEventContinueTheRequestsTrace() {
        start(5);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        EventEnvelope request = envelope("o-1", 2, new OrderProcessingRequested("c-1", "laptop", 1));
        Headers headers = new RecordHeaders().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        requests.pipeInput(new TestRecord<>("o-1", EventCodec.encode(request), headers));

        TestRecord<String, byte[]> outcome = outcomes.readRecord();
        assertThat(text(outcome.headers(), "traceparent")).isEqualTo(traceparent);
        assertThat(text(outcome.headers(), "event-type")).isEqualTo("OrderProcessed");
        assertThat(outcome.headers().headers("traceparent")).hasSize(1);
        assertThat(stockEvents.readRecordsToList())
                .allSatisfy(event ->
                        assertThat(text(event.headers(), "traceparent")).isEqualTo(traceparent));
    }

    private EventEnvelope request(String orderId, String product, int quantity) {
        return send(orderId, 2, new OrderProcessingRequested("c-1", product, quantity));
    }

    private EventEnvelope send(String orderId, long version, OrderEvent event) {
        EventEnvelope envelope = envelope(orderId, version, event);
        requests.pipeInput(orderId, EventCodec.encode(envelope));
        return envelope;
    }

    private static EventEnvelope envelope(String orderId, long version, OrderEvent event) {
        return new EventEnvelope(UUID.randomUUID(), orderId, version, NOW, "corr-" + orderId, "test", event);
    }

    private void setOnHand(String product, long count) {
        command(
                new StockCommand(UUID.randomUUID().toString(), StockCommand.Type.SET_ON_HAND, product, count, "count"),
                "corr-" + product);
        replies.readRecordsToList();
    }

    private void command(StockCommand command, String correlationId) {
        Headers headers = new RecordHeaders()
                .add(KafkaHeaders.REPLY_TOPIC, REPLIES.getBytes(StandardCharsets.UTF_8))
                .add(KafkaHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>(
                command.product(), JsonSerde.of(StockCommand.class).serializer().serialize(null, command), headers));
    }

    private List<EventEnvelope> outcomes() {
        return outcomes.readValuesToList().stream().map(EventCodec::decode).toList();
    }

    private List<StockEvent> stockEvents() {
        return stockEvents.readValuesToList().stream()
                .map(StockEventCodec::decode)
                .toList();
    }

    private Stock stock(String product) {
        KeyValueStore<String, Stock> store = driver.getKeyValueStore(Inventory.STOCK_STORE);
        return store.get(product);
    }

    private static StockCommandReply reply(TestRecord<String, byte[]> record) {
        return JsonSerde.of(StockCommandReply.class).deserializer().deserialize(null, record.value());
    }

    private static String text(Headers headers, String name) {
        assertThat(headers.lastHeader(name)).as(name).isNotNull();
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
