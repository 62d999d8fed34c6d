package io.orderpipeline.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the fault suite reads straight from Kafka: the order of each order's events, and the dead-letter topics. */
final class KafkaLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String bootstrapServers;

    KafkaLog(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The orders whose events did not first reach {@code orders.events} in version order: each version must first
     * appear after every lower one. (A redelivered duplicate later on is allowed: the outbox publishes at least once.)
     */
    Set<String> outOfOrder() {
        Map<String, Long> highest = new HashMap<>();
        Set<String> outOfOrder = new java.util.TreeSet<>();
        for (ConsumerRecord<String, String> record : all("orders.events")) {
            JsonNode envelope = JSON.readTree(record.value());
            long version = envelope.path("version").asLong();
            long seen = highest.getOrDefault(record.key(), 0L);
            if (version == seen + 1) {
                highest.put(record.key(), version);
            } else if (version > seen + 1) {
                outOfOrder.add(record.key());
            }
        }
        return outOfOrder;
    }

    /** How many records each dead-letter topic holds (only the topics that exist). */
    Map<String, Long> deadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.endsWith(".DLT"))
                    .collect(Collectors.toSet());
            Map<String, Long> counts = new HashMap<>();
            for (var description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                description
                        .partitions()
                        .forEach(partition -> latest.put(
                                new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest()));
                long count = admin.listOffsets(latest).all().get().values().stream()
                        .mapToLong(offsets -> offsets.offset())
                        .sum();
                counts.put(description.name(), count);
            }
            return counts;
        }
    }

    private List<ConsumerRecord<String, String>> all(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
