package io.orderpipeline.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts Kafka transactions from the broker's log: a transaction that commits consumed offsets (every
 * consume-process-produce transaction does) ends with one commit or abort marker in the {@code __consumer_offsets}
 * partition of its group. A marker takes an offset but is never handed to a consumer, so the transactions between two
 * snapshots are the offsets that partition grew by less the records a consumer reads in between. The producers'
 * metrics cannot tell: Kafka's client publishes only the time spent in {@code commitTransaction}
 * ({@code kafka_producer_txn_commit_time_ns_total}), not how often.
 */
final class TransactionMarkers implements AutoCloseable {

    static final String OFFSETS_TOPIC = "__consumer_offsets";

    private final Admin admin;
    private final String bootstrapServers;

    TransactionMarkers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(properties);
    }

    /** The end offsets of every partition of {@code __consumer_offsets} now. */
    Map<TopicPartition, Long> ends() throws Exception {
        int partitions = admin.describeTopics(List.of(OFFSETS_TOPIC))
                .allTopicNames()
                .get()
                .get(OFFSETS_TOPIC)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(OFFSETS_TOPIC, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Commit and abort markers written between the two snapshots of {@link #ends()}. */
    long between(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Every record, committed or not, is a record: only the markers are left out by any consumer.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long grown = 0;
        long records = 0;
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> moved = after.keySet().stream()
                    .filter(partition -> after.get(partition) > before.getOrDefault(partition, 0L))
                    .toList();
            if (moved.isEmpty()) {
                return 0;
            }
            consumer.assign(moved);
            for (TopicPartition partition : moved) {
                consumer.seek(partition, before.getOrDefault(partition, 0L));
                grown += after.get(partition) - before.getOrDefault(partition, 0L);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (moved.stream().anyMatch(partition -> consumer.position(partition) < after.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + OFFSETS_TOPIC + " up to " + after);
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < after.get(partition)) {
                        records++;
                    }
                }
            }
        }
        return grown - records;
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
    }
}
