package io.orderpipeline.processor.processing;

import static io.orderpipeline.processor.processing.ProcessingRequestListenerIT.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.processor.ProcessorServiceTest;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The consumer's fetch settings against the cost target: under a steady 300 requests/s a Kafka transaction carries at
 * least 10 requests, while a lone request is still answered quickly. Measured on an instance of its own consumer group
 * without simulated crashes (a crashed batch is retried after a backoff, which would make batches larger); the shared
 * test instance is paused meanwhile, so it takes no CPU from the measurement.
 */
@ProcessorServiceTest
class TransactionBatchingIT {

    private static final String GROUP = "processor-batching";
    private static final int REQUESTS_PER_SECOND = 300;
    private static final int SECONDS = 5;

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    KafkaListenerEndpointRegistry sharedInstanceListeners;

    @Test
    void underLoadATransactionCarriesManyRequestsAndALoneRequestIsStillAnsweredQuickly() throws Exception {
        String bootstrapServers = String.join(",", connection.getBootstrapServers());
        sharedInstanceListeners.getListenerContainers().forEach(MessageListenerContainer::pause);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                ConfigurableApplicationContext instance = startInstance();
                Consumer<String, byte[]> outcomes = outcomesFromNowOn(bootstrapServers)) {
            // the new group starts at the topic's beginning: let it catch up on what earlier tests published
            kafka.awaitConsumedBy(GROUP, List.of(kafka.publish(request())));

            List<Long> loneMillis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                loneMillis.add(millisUntilAnswered(kafka, outcomes));
            }

            DistributionSummary perTransaction = instance.getBean(MeterRegistry.class)
                    .get("processor.transaction.requests")
                    .summary();
            long transactionsBefore = perTransaction.count();
            double requestsBefore = perTransaction.totalAmount();
            List<RecordMetadata> published = publishSteadily(kafka);
            kafka.awaitConsumedBy(GROUP, published);
            long transactions = perTransaction.count() - transactionsBefore;
            double requests = perTransaction.totalAmount() - requestsBefore;

            System.out.printf(
                    "processor at %d requests/s: %.0f requests in %d transactions = %.1f per transaction;"
                            + " lone request answered in %s ms%n",
                    REQUESTS_PER_SECOND, requests, transactions, requests / transactions, loneMillis);
            assertThat(requests).isEqualTo(published.size());
            assertThat(requests / transactions).isGreaterThanOrEqualTo(10);
            // the fetch waits at most 50 ms, the batch at most 5 ms; the bound is the pipeline's p99 target, headroom
            // for a machine shared with builds
            assertThat(loneMillis.stream().sorted().toList().get(loneMillis.size() / 2))
                    .isLessThan(250);
        } finally {
            sharedInstanceListeners.getListenerContainers().forEach(MessageListenerContainer::resume);
        }
    }

    /** Open loop: 3 requests every 10 ms, whether or not the broker has acknowledged the earlier ones. */
    private static List<RecordMetadata> publishSteadily(KafkaTestClient kafka)
            throws InterruptedException, ExecutionException {
        int perTick = REQUESTS_PER_SECOND / 100;
        int ticks = SECONDS * 100;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            clock.scheduleAtFixedRate(
                    () -> {
                        synchronized (sent) {
                            if (sent.size() < perTick * ticks) {
                                for (int i = 0; i < perTick; i++) {
                                    sent.add(kafka.publishAsync(request()));
                                }
                            }
                        }
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(SECONDS * 4L)).until(() -> {
                synchronized (sent) {
                    return sent.size() >= perTick * ticks;
                }
            });
        } finally {
            clock.shutdownNow();
        }
        List<RecordMetadata> published = new ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            published.add(future.get());
        }
        return published;
    }

    private static long millisUntilAnswered(KafkaTestClient kafka, Consumer<String, byte[]> outcomes) {
        String orderId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        kafka.publish(envelope(orderId, 2, new OrderProcessingRequested("c-8", "laptop", 1)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, byte[]> outcome : outcomes.poll(Duration.ofMillis(5))) {
                if (orderId.equals(outcome.key())) {
                    return true;
                }
            }
            return false;
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static Consumer<String, byte[]> outcomesFromNowOn(String bootstrapServers) {
        Consumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROCESSING_RESULTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static EventEnvelope request() {
        return envelope(UUID.randomUUID().toString(), 2, new OrderProcessingRequested("c-8", "laptop", 1));
    }

    private static ConfigurableApplicationContext startInstance() {
        return ProcessorApplication.application()
                .sources(KafkaInfrastructure.class)
                .properties("spring.main.web-application-type=none")
                // arguments, not default properties: these override processor-service.yml
                .run(
                        "--processor.faults.crash-rate=0",
                        "--spring.kafka.consumer.group-id=" + GROUP,
                        "--spring.kafka.producer.transaction-id-prefix=" + GROUP + "-");
    }
}
