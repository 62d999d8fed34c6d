package io.orderpipeline.processor.processing;

import static io.orderpipeline.processor.processing.ExactlyOnceIT.countByKey;
import static io.orderpipeline.processor.processing.ProcessingRequestListenerIT.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.processor.ProcessorServiceTest;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two processor instances in one consumer group: the shared test instance and a second one started from
 * {@link ProcessorApplication#application()}. Requests flow the whole time while the second instance joins (a
 * rebalance hands it partitions) and leaves (a rebalance hands them back); both crash a share of their batches on
 * top. Every request must end with exactly one committed outcome.
 */
@ProcessorServiceTest
class RebalanceIT {

    private static final int MAX_REQUESTS = 5_000;

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    MeterRegistry firstInstanceMeters;

    @Test
    void twoInstancesShareThePartitionsAndRebalancesMidRunLoseAndDoubleNothing() {
        try (KafkaTestClient kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()))) {
            List<String> orderIds = new CopyOnWriteArrayList<>();
            List<RecordMetadata> published = new CopyOnWriteArrayList<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            // one request at a time, each waiting for the broker's ack: a steady flow without sleeping
            CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
                while (publishing.get() && published.size() < MAX_REQUESTS) {
                    String orderId = UUID.randomUUID().toString();
                    published.add(
                            kafka.publish(envelope(orderId, 2, new OrderProcessingRequested("c-7", "laptop", 1))));
                    orderIds.add(orderId);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> published.size() >= 100);

            ConfigurableApplicationContext second = startSecondInstance();
            double secondProcessed;
            try {
                MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> processed(secondMeters) >= 50);
            } finally {
                secondProcessed = processed(second.getBean(MeterRegistry.class));
                second.close();
            }
            double firstAfterHandBack = processed(firstInstanceMeters);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> processed(firstInstanceMeters) >= firstAfterHandBack + 50);
            publishing.set(false);
            publisher.join();

            kafka.awaitConsumedByProcessor(published);
            Map<String, Long> committed = countByKey(kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed"));

            assertThat(secondProcessed).isPositive();
            assertThat(orderIds).hasSizeGreaterThan(100);
            assertThat(orderIds)
                    .allSatisfy(id -> assertThat(committed.get(id)).as(id).isEqualTo(1L));
        }
    }

    private static ConfigurableApplicationContext startSecondInstance() {
        return ProcessorApplication.application()
                .sources(KafkaInfrastructure.class)
                // the second instance only needs its consumer; no web server saves seconds on a busy machine
                .properties("spring.main.web-application-type=none")
                .properties(ProcessorServiceTest.PROPERTIES)
                .run();
    }

    private static double processed(MeterRegistry meters) {
        return meters.get("processor.orders.processed").counter().count();
    }
}
