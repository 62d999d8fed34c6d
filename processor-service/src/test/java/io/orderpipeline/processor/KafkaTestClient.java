package io.orderpipeline.processor;

import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients playing the processor's neighbours: orders-service publishing to {@code orders.processing-requests}
 * (an idempotent producer, like its outbox relay) and a reader of what the processor committed.
 */
public final class KafkaTestClient implements AutoCloseable {

    public static final String PROCESSOR_GROUP = "processor-service";

    private final String bootstrapServers;
    private final Producer<String, Object> producer;
    private final Admin admin;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new EnvelopeOrBytesSerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public RecordMetadata publish(EventEnvelope envelope) {
        return send(new ProducerRecord<>(Topics.PROCESSING_REQUESTS, envelope.orderId(), envelope));
    }

    /** Publishes without waiting for the broker, for a steady flow at a given rate. */
    public Future<RecordMetadata> publishAsync(EventEnvelope envelope) {
        return producer.send(new ProducerRecord<>(Topics.PROCESSING_REQUESTS, envelope.orderId(), envelope));
    }

    /** Publishes an envelope as part of a trace, with a W3C {@code traceparent} header. */
    public RecordMetadata publish(EventEnvelope envelope, String traceparent) {
        ProducerRecord<String, Object> record =
                new ProducerRecord<>(Topics.PROCESSING_REQUESTS, envelope.orderId(), envelope);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return send(record);
    }

    /** Publishes bytes with headers to any topic, e.g. a stock command with its reply headers. */
    public RecordMetadata publish(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return send(record);
    }

    /** Publishes anything, e.g. a record no reader understands. */
    public RecordMetadata publishRaw(String key, byte[] value) {
        return send(new ProducerRecord<>(Topics.PROCESSING_REQUESTS, key, value));
    }

    private RecordMetadata send(ProducerRecord<String, Object> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits until the processor's consumer group (its Kafka Streams application id) has committed offsets past every
     * given record: from then on, whatever the order stage wrote for them (a rule's outcome, a dead letter, work for a
     * product) is committed. What a product's task then decides commits a moment later.
     */
    public void awaitConsumedByProcessor(Collection<RecordMetadata> published) {
        awaitConsumedBy(PROCESSOR_GROUP, published);
    }

    /** {@link #awaitConsumedByProcessor} for an instance in another consumer group. */
    public void awaitConsumedBy(String group, Collection<RecordMetadata> published) {
        Map<TopicPartition, Long> needed = published.stream()
                .collect(Collectors.toMap(
                        m -> new TopicPartition(m.topic(), m.partition()), m -> m.offset() + 1, Math::max));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    return needed.entrySet().stream().allMatch(e -> {
                        OffsetAndMetadata offset = committed.get(e.getKey());
                        return offset != null && offset.offset() >= e.getValue();
                    });
                });
    }

    /** Every record of the topic, from the start to its current end, as a reader with this isolation level sees it. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, String isolationLevel) {
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolationLevel,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }

    /** Envelopes as orders-service writes them (JSON and identity headers), anything else as raw bytes. */
    private static final class EnvelopeOrBytesSerializer implements Serializer<Object> {
        private final EventEnvelopeSerializer envelopes = new EventEnvelopeSerializer();

        @Override
        public byte[] serialize(String topic, Object data) {
            return serialize(topic, null, data);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, Object data) {
            return data instanceof EventEnvelope envelope
                    ? envelopes.serialize(topic, headers, envelope)
                    : (byte[]) data;
        }
    }
}
