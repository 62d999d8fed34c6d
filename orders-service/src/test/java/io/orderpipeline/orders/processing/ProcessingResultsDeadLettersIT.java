package io.orderpipeline.orders.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.DeadLetterHeaders;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Outcomes the service cannot record go to the dead-letter topic with a reason; the partition keeps flowing. */
@OrdersServiceTest
class ProcessingResultsDeadLettersIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Test
    void sendsUnrecordableOutcomesToTheDeadLetterTopicAndRecordsTheNextOne() throws Exception {
        OrdersClient orders = new OrdersClient(port);
        String unknownOrder = UUID.randomUUID().toString();
        String unreadable = "unreadable-" + UUID.randomUUID();
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);

        // All on one partition: the good outcome queues behind the two bad ones.
        kafka.send(Topics.PROCESSING_RESULTS, 0, unknownOrder, outcomeFor(unknownOrder))
                .get();
        kafka.send(Topics.PROCESSING_RESULTS, 0, unreadable, "not json".getBytes(StandardCharsets.UTF_8))
                .get();
        kafka.send(Topics.PROCESSING_RESULTS, 0, orderId, outcomeFor(orderId)).get();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "PROCESSED"
                        .equals(orders.getJson("/orders/" + orderId + "/state")
                                .getBody()
                                .get("status")));
        Map<String, String> reasons = deadLetterReasons(Set.of(unknownOrder, unreadable));
        assertThat(reasons.get(unknownOrder)).isEqualTo("no order " + unknownOrder);
        assertThat(reasons.get(unreadable)).contains("not JSON");
    }

    private Map<String, String> deadLetterReasons(Set<String> keys) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                String.join(",", kafkaConnection.getBootstrapServers()),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer()) {
            consumer.subscribe(Set.of(Topics.PROCESSING_RESULTS + Topics.DEAD_LETTER_SUFFIX));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (keys.contains(record.key())) {
                        received.add(record);
                    }
                });
                return received.size() >= keys.size();
            });
        }
        Map<String, String> reasons = new HashMap<>();
        received.forEach(record -> reasons.put(
                record.key(),
                new String(record.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)));
        return reasons;
    }

    private static EventEnvelope outcomeFor(String orderId) {
        return new EventEnvelope(UUID.randomUUID(), orderId, 2, Instant.now(), "corr", "cause", new OrderProcessed());
    }
}
