package io.orderpipeline.query;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.KafkaOperations;

/** Produces envelopes straight onto orders.events, as orders-service's relay (or kcat) would. */
public final class OrderEvents {

    private final KafkaOperations<Object, Object> kafka;

    public OrderEvents(KafkaOperations<Object, Object> kafka) {
        this.kafka = kafka;
    }

    public static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    public static EventEnvelope envelope(String orderId, long version, OrderEvent event) {
        return new EventEnvelope(
                UUID.randomUUID(),
                orderId,
                version,
                Instant.parse("2026-01-01T00:00:00Z").plus(version, ChronoUnit.MINUTES),
                "corr-" + orderId,
                "test",
                event);
    }

    public static EventEnvelope created(String orderId, String customerId, String product, int quantity) {
        return envelope(orderId, 1, new OrderCreated(customerId, product, quantity));
    }

    /** Sends and waits for the broker's acknowledgement, so the order of calls is the order in the log. */
    public void publish(EventEnvelope... envelopes) {
        for (EventEnvelope envelope : envelopes) {
            send(null, envelope.orderId(), envelope);
        }
    }

    /** To an explicit partition, as a producer with another partitioner (or a resized topic) would. */
    public void publishTo(int partition, EventEnvelope envelope) {
        send(partition, envelope.orderId(), envelope);
    }

    /**
     * With extra headers (as orders-service's relay writes {@code committed-at}, {@code decided-at}).
     *
     * @return the record's timestamp, when it reached Kafka
     */
    public Instant publishWithHeaders(EventEnvelope envelope, Map<String, String> headers) {
        var record = new ProducerRecord<Object, Object>(Topics.ORDER_EVENTS, envelope.orderId(), envelope);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return Instant.ofEpochMilli(
                await(kafka.send(record)).getRecordMetadata().timestamp());
    }

    public void publishRaw(String key, byte[] value) {
        send(null, key, value);
    }

    /** The partition the default partitioner puts a key in. */
    public static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % OrderEventsTopic.PARTITIONS;
    }

    private void send(Integer partition, String key, Object value) {
        await(kafka.send(Topics.ORDER_EVENTS, partition, key, value));
    }

    private static <T> T await(CompletableFuture<T> sent) {
        try {
            return sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + Topics.ORDER_EVENTS, e);
        }
    }
}
