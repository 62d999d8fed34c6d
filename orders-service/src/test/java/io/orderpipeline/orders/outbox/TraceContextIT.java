package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.web.client.RestClient;

/** The trace a client starts travels with the events its command publishes, though the relay sends them later. */
@OrdersServiceTest
class TraceContextIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void publishesEachEventWithTheTraceOfTheRequestThatCommittedIt() {
        Map<?, ?> created = RestClient.create("http://localhost:" + port)
                .post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .body(Map.of("customerId", "c-trace", "product", "laptop", "quantity", 1))
                .retrieve()
                .body(Map.class);
        String orderId = (String) created.get("orderId");

        AtomicReference<ConsumerRecord<String, byte[]>> published = new AtomicReference<>();
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.getBootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "trace-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer()) {
            consumer.subscribe(Set.of(Topics.ORDER_EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (orderId.equals(record.key())) {
                        published.set(record);
                    }
                });
                return published.get() != null;
            });
        }

        Header traceparent = published.get().headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + TRACE_ID + "-");
    }
}
