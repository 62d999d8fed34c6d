package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

@SpringBootTest(
        classes = ProcessorApplication.class,
        properties = {"spring.config.name=" + ProcessorApplication.CONFIG_NAME, "processor.rules.max-quantity=10"})
@Import({KafkaInfrastructure.class, ProcessingRequestListenerIT.OrderEventsTopic.class})
class ProcessingRequestListenerIT {

    @TestConfiguration(proxyBeanMethods = false)
    static class OrderEventsTopic {
        @Bean
        NewTopic orderEvents() {
            return TopicBuilder.name(Topics.ORDER_EVENTS).partitions(3).build();
        }
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    KafkaConnectionDetails connection;

    private Consumer<String, byte[]> consumer;

    @BeforeEach
    void subscribe() {
        consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                connection.getBootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer();
        consumer.subscribe(Set.of(Topics.PROCESSING_RESULTS, Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void answersEachProcessingRequestWithOneOutcomeAndIgnoresOtherEvents() {
        String accepted = UUID.randomUUID().toString();
        String rejected = UUID.randomUUID().toString();
        EventEnvelope acceptedRequest = envelope(accepted, 2, new OrderProcessingRequested("c-1", "laptop", 10));
        publish(envelope(accepted, 1, new OrderCreated("c-1", "laptop", 10)));
        publish(acceptedRequest);
        publish(envelope(rejected, 2, new OrderProcessingRequested("c-2", "phone", 11)));

        List<EventEnvelope> outcomes =
                awaitRecords(
                                Topics.PROCESSING_RESULTS,
                                r -> r.key().equals(accepted) || r.key().equals(rejected),
                                2)
                        .stream()
                        .map(r -> EventCodec.decode(r.value()))
                        .toList();

        assertThat(outcomes).hasSize(2);
        EventEnvelope processed = outcomes.stream()
                .filter(o -> o.orderId().equals(accepted))
                .findFirst()
                .orElseThrow();
        assertThat(processed.event()).isEqualTo(new OrderProcessed());
        assertThat(processed.version()).isEqualTo(2);
        assertThat(processed.causationId()).isEqualTo(acceptedRequest.eventId().toString());
        assertThat(processed.correlationId()).isEqualTo(acceptedRequest.correlationId());
        assertThat(outcomes.stream()
                        .filter(o -> o.orderId().equals(rejected))
                        .findFirst()
                        .orElseThrow()
                        .event())
                .isEqualTo(new OrderRejected("quantity 11 is above the maximum of 10"));
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicWithTheReasonAndKeepsGoing() {
        String poisoned = UUID.randomUUID().toString();
        String healthy = UUID.randomUUID().toString();
        kafka.executeInTransaction(
                t -> t.send(Topics.ORDER_EVENTS, poisoned, "{not json".getBytes(StandardCharsets.UTF_8)));
        publish(envelope(healthy, 2, new OrderProcessingRequested("c-3", "laptop", 1)));

        List<ConsumerRecord<String, byte[]>> records =
                awaitRecords(null, r -> r.key().equals(poisoned) || r.key().equals(healthy), 2);

        ConsumerRecord<String, byte[]> deadLetter = records.stream()
                .filter(r -> r.key().equals(poisoned))
                .findFirst()
                .orElseThrow();
        assertThat(deadLetter.topic()).isEqualTo(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(
                        deadLetter
                                .headers()
                                .lastHeader(DeadLetterHeaders.REASON)
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("not JSON");
        assertThat(new String(
                        deadLetter
                                .headers()
                                .lastHeader("kafka_dlt-original-topic")
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo(Topics.ORDER_EVENTS);
        assertThat(records.stream()
                        .filter(r -> r.key().equals(healthy))
                        .findFirst()
                        .orElseThrow()
                        .topic())
                .isEqualTo(Topics.PROCESSING_RESULTS);
    }

    private void publish(EventEnvelope envelope) {
        kafka.executeInTransaction(t -> t.send(Topics.ORDER_EVENTS, envelope.orderId(), envelope));
    }

    private List<ConsumerRecord<String, byte[]>> awaitRecords(
            String topic, java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if ((topic == null || record.topic().equals(topic)) && wanted.test(record)) {
                    received.add(record);
                }
            }
            return received.size() >= count;
        });
        return received;
    }

    private static EventEnvelope envelope(String orderId, long version, io.orderpipeline.events.OrderEvent event) {
        return new EventEnvelope(UUID.randomUUID(), orderId, version, Instant.now(), "corr-" + orderId, "test", event);
    }
}
