package io.orderpipeline.processor.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.support.KafkaHeaders;

/** The inventory against a real broker, everything read as a read_committed consumer (orders-service) reads it. */
@ProcessorServiceTest
class InventoryIT {

    private static final String PRODUCT = ProcessorServiceTest.SCARCE_PRODUCT;

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    StreamsBuilderFactoryBean streamsFactory;

    @LocalServerPort
    int port;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void fiftyConcurrentOrdersForTenUnitsReserveExactlyTenAndCancelReleasesShipConsumesDuplicatesChangeNothing() {
        String correlation = UUID.randomUUID().toString();
        kafka.publish(
                Inventory.COMMANDS,
                PRODUCT,
                JsonSerde.of(StockCommand.class)
                        .serializer()
                        .serialize(
                                null, new StockCommand("count-1", StockCommand.Type.SET_ON_HAND, PRODUCT, 10, "count")),
                Map.of(KafkaHeaders.REPLY_TOPIC, Inventory.COMMAND_REPLIES, KafkaHeaders.CORRELATION_ID, correlation));
        StockCommandReply counted =
                await().atMost(Duration.ofSeconds(60)).until(() -> replyTo(correlation), reply -> reply != null);
        assertThat(counted.accepted()).isTrue();
        assertThat(counted.stock().onHand()).isEqualTo(10);

        List<EventEnvelope> requests = IntStream.range(0, 50)
                .mapToObj(i -> envelope(UUID.randomUUID().toString(), 2, new OrderProcessingRequested("c", PRODUCT, 1)))
                .toList();
        requests.stream()
                .map(r -> CompletableFuture.supplyAsync(() -> kafka.publish(r)))
                .toList()
                .forEach(CompletableFuture::join);

        List<String> orderIds = requests.stream().map(EventEnvelope::orderId).toList();
        List<EventEnvelope> outcomes =
                await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(orderIds), list -> list.size() >= 50);
        assertThat(outcomes).hasSize(50);
        assertThat(outcomes).extracting(EventEnvelope::orderId).doesNotHaveDuplicates();
        List<String> processed = outcomes.stream()
                .filter(o -> o.event() instanceof OrderProcessed)
                .map(EventEnvelope::orderId)
                .toList();
        assertThat(processed).hasSize(10);
        assertThat(outcomes)
                .filteredOn(o -> o.event() instanceof OrderRejected)
                .hasSize(40)
                .allSatisfy(o -> assertThat(o.event())
                        .isEqualTo(new OrderRejected("insufficient stock: 1 " + PRODUCT + " asked, 0 available")));
        StockEvent reserved = lastStockEvent();
        assertThat(reserved.reserved()).isEqualTo(10);
        assertThat(reserved.available()).isZero();
        long versionAfterReservations = reserved.version();

        // three cancelled, two shipped: 5 still reserved, 8 on hand
        processed.subList(0, 3).forEach(orderId -> kafka.publish(envelope(orderId, 4, new OrderCancelled("no"))));
        processed.subList(3, 5).forEach(orderId -> kafka.publish(envelope(orderId, 4, new OrderShipped())));
        StockEvent settled = await().atMost(Duration.ofSeconds(60))
                .until(this::lastStockEvent, event -> event.version() == versionAfterReservations + 5);
        assertThat(settled.onHand()).isEqualTo(8);
        assertThat(settled.reserved()).isEqualTo(5);
        assertThat(settled.available()).isEqualTo(3);

        // the relay publishes at least once: everything again, then a marker to know the duplicates were read
        List<RecordMetadata> again =
                new ArrayList<>(requests.stream().map(kafka::publish).toList());
        processed
                .subList(0, 3)
                .forEach(orderId -> again.add(kafka.publish(envelope(orderId, 4, new OrderCancelled("no")))));
        processed.subList(3, 5).forEach(orderId -> again.add(kafka.publish(envelope(orderId, 4, new OrderShipped()))));
        String marker = UUID.randomUUID().toString();
        kafka.publish(envelope(marker, 2, new OrderProcessingRequested("c", PRODUCT, 1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(List.of(marker)), list -> !list.isEmpty());
        kafka.awaitConsumedByProcessor(again);

        assertThat(outcomesOf(orderIds)).hasSize(50);
        assertThat(stockEventsOfProduct())
                .as("only the marker's reservation came after the settlements")
                .hasSize((int) (versionAfterReservations + 5 + 1));
        StockEvent last = lastStockEvent();
        assertThat(last.orderId()).isEqualTo(marker);
        assertThat(last.onHand()).isEqualTo(8);
        assertThat(last.reserved()).isEqualTo(6);
    }

    @Test
    void advertisesItsHttpPortAsTheHostOfTheStockItHolds() {
        KafkaStreams streams = await().atMost(Duration.ofSeconds(60))
                .until(streamsFactory::getKafkaStreams, s -> s != null && s.state() == KafkaStreams.State.RUNNING);

        KeyQueryMetadata holder = streams.queryMetadataForKey(
                Inventory.STOCK_STORE, PRODUCT, Serdes.String().serializer());

        assertThat(holder.activeHost()).isEqualTo(new HostInfo("localhost", port));
    }

    private StockCommandReply replyTo(String correlation) {
        return kafka.readAll(Inventory.COMMAND_REPLIES, "read_committed").stream()
                .filter(r -> r.headers().lastHeader(KafkaHeaders.CORRELATION_ID) != null
                        && correlation.equals(new String(r.headers()
                                .lastHeader(KafkaHeaders.CORRELATION_ID)
                                .value())))
                .map(r -> JsonSerde.of(StockCommandReply.class).deserializer().deserialize(null, r.value()))
                .findFirst()
                .orElse(null);
    }

    private List<EventEnvelope> outcomesOf(List<String> orderIds) {
        return kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed").stream()
                .filter(r -> orderIds.contains(r.key()))
                .map(r -> EventCodec.decode(r.value()))
                .toList();
    }

    private List<StockEvent> stockEventsOfProduct() {
        return kafka.readAll(Topics.INVENTORY_EVENTS, "read_committed").stream()
                .filter(r -> PRODUCT.equals(r.key()))
                .map(r -> StockEventCodec.decode(r.value()))
                .toList();
    }

    private StockEvent lastStockEvent() {
        List<StockEvent> events = stockEventsOfProduct();
        assertThat(events).extracting(StockEvent::version).isSorted().doesNotHaveDuplicates();
        return events.getLast();
    }

    private static EventEnvelope envelope(String orderId, long version, OrderEvent event) {
        return new EventEnvelope(UUID.randomUUID(), orderId, version, Instant.now(), "corr-" + orderId, "test", event);
    }
}
