package io.orderpipeline.query;

import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/** Reads a dead-letter topic (orders.events.DLT unless told) from the beginning, as an operator's console would. */
public final class DeadLetters implements AutoCloseable {

    private final Consumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    public DeadLetters(String bootstrapServers) {
        this(bootstrapServers, Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX);
    }

    public DeadLetters(String bootstrapServers, String topic) {
        consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-dlt-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer();
        consumer.subscribe(Set.of(topic));
    }

    /** Waits for the first dead letter with this key. */
    public ConsumerRecord<String, byte[]> awaitKey(String key) {
        Predicate<ConsumerRecord<String, byte[]>> wanted = record -> key.equals(record.key());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.stream().anyMatch(wanted);
        });
        return received.stream().filter(wanted).findFirst().orElseThrow();
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
