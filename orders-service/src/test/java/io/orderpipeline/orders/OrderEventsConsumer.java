package io.orderpipeline.orders;

import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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

/**
 * Reads {@code orders.events} (or the topics given) from the beginning, as any downstream consumer would, keeping what
 * the test asks for.
 */
public final class OrderEventsConsumer implements AutoCloseable {

    private final Consumer<String, byte[]> consumer;
    private final List<EventEnvelope> received = new ArrayList<>();

    public OrderEventsConsumer(Collection<String> bootstrapServers) {
        this(bootstrapServers, Set.of(Topics.ORDER_EVENTS));
    }

    public OrderEventsConsumer(Collection<String> bootstrapServers, Set<String> topics) {
        consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                String.join(",", bootstrapServers),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer();
        consumer.subscribe(topics);
    }

    /**
     * Polls until {@code count} events of the given orders have arrived (more may follow: at least once), then
     * answers every event of those orders received so far, in arrival order.
     */
    public List<EventEnvelope> awaitEvents(Collection<String> orderIds, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (orderIds.contains(record.key())) {
                    received.add(EventCodec.decode(record.value()));
                }
            });
            return received.size() >= count;
        });
        return List.copyOf(received);
    }

    /** Polls until {@code count} records that the test wants have arrived; answers them, headers and all. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(
            Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (wanted.test(record)) {
                    found.add(record);
                }
            });
            return found.size() >= count;
        });
        return found;
    }

    /** Events that arrive within one more poll, to catch duplicates trailing the expected ones. */
    public List<EventEnvelope> drain(Collection<String> orderIds) {
        consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
            if (orderIds.contains(record.key())) {
                received.add(EventCodec.decode(record.value()));
            }
        });
        return List.copyOf(received);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
