package io.orderpipeline.processor.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.processor.ProcessorServiceTest;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Two processor instances in one group: the shared test instance and a second one started from {@link
 * ProcessorApplication#application()}. Requests for three products flow the whole time while the second instance joins
 * (tasks, stores and all, move to it, and each instance keeps a standby copy of the other's stores) and leaves (they move back). Every request must end with exactly one committed
 * outcome and exactly one reservation, and every product's stock events must stay one unbroken sequence of versions.
 */
@ProcessorServiceTest
class RebalanceIT {

    private static final List<String> PRODUCTS = List.of("laptop", "phone", "tablet");
    private static final int MAX_REQUESTS = 5_000;

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    StreamsBuilderFactoryBean first;

    @Test
    void twoInstancesShareTheTasksAndRebalancesMidRunLoseAndDoubleNothing() {
        try (KafkaTestClient kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()))) {
            List<String> orderIds = new CopyOnWriteArrayList<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            // one request at a time, each waiting for the broker's ack: a steady flow without sleeping
            CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
                while (publishing.get() && orderIds.size() < MAX_REQUESTS) {
                    String orderId = UUID.randomUUID().toString();
                    String product = PRODUCTS.get(orderIds.size() % PRODUCTS.size());
                    kafka.publish(new EventEnvelope(
                            UUID.randomUUID(),
                            orderId,
                            2,
                            Instant.now(),
                            "corr-" + orderId,
                            "test",
                            new OrderProcessingRequested("c-7", product, 1)));
                    orderIds.add(orderId);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.size() >= 100);

            ConfigurableApplicationContext second = startSecondInstance();
            try {
                KafkaStreams streams =
                        second.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> streams.state() == KafkaStreams.State.RUNNING
                                && streams.metadataForLocalThreads().stream()
                                        .anyMatch(
                                                thread -> !thread.activeTasks().isEmpty()));
                // num.standby.replicas: each instance also keeps a warm copy of stores the other one runs
                KafkaStreams first = this.first.getKafkaStreams();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Stream.of(first, streams)
                                .allMatch(instance -> instance.metadataForLocalThreads().stream()
                                        .anyMatch(
                                                thread -> !thread.standbyTasks().isEmpty())));
                int joinedAt = orderIds.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.size() >= joinedAt + 100);
            } finally {
                second.close();
            }
            int leftAt = orderIds.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.size() >= leftAt + 100);
            publishing.set(false);
            publisher.join();

            Map<String, Long> outcomes = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> countOrders(kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed").stream()
                                    .map(r -> EventCodec.decode(r.value()))
                                    .filter(o -> o.event() instanceof OrderProcessed)
                                    .map(EventEnvelope::orderId)),
                            counted -> counted.keySet().containsAll(orderIds));
            List<StockEvent> stockEvents = kafka.readAll(Topics.INVENTORY_EVENTS, "read_committed").stream()
                    .map(r -> StockEventCodec.decode(r.value()))
                    .filter(event -> PRODUCTS.contains(event.product()))
                    .toList();
            Map<String, Long> reservations = countOrders(stockEvents.stream()
                    .filter(event -> event.type() == StockEvent.Type.StockReserved)
                    .map(StockEvent::orderId));

            assertThat(orderIds).hasSizeGreaterThan(300);
            assertThat(orderIds).allSatisfy(id -> {
                assertThat(outcomes.get(id)).as("outcomes of " + id).isEqualTo(1L);
                assertThat(reservations.get(id)).as("reservations of " + id).isEqualTo(1L);
            });
            for (String product : PRODUCTS) {
                List<Long> versions = stockEvents.stream()
                        .filter(event -> event.product().equals(product))
                        .map(StockEvent::version)
                        .toList();
                assertThat(versions)
                        .as(product)
                        .isEqualTo(LongStream.rangeClosed(1, versions.size())
                                .boxed()
                                .toList());
            }
        }
    }

    private static Map<String, Long> countOrders(Stream<String> orderIds) {
        return orderIds.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static ConfigurableApplicationContext startSecondInstance() {
        return ProcessorApplication.application()
                .sources(KafkaInfrastructure.class)
                .properties(ProcessorServiceTest.PROPERTIES)
                // a random port, as the first instance's: a dynamic member with a state directory of its own
                .run("--server.port=0");
    }
}
