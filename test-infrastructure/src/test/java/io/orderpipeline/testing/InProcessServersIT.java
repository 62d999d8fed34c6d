package io.orderpipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The in-process servers are real servers: each answers a round trip over its own wire protocol. */
class InProcessServersIT {

    @Test
    void kafkaBrokerCommitsATransactionAndServesItToAReadCommittedConsumer() throws Exception {
        String bootstrap = InProcessServers.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("infrastructure-check", 1, (short) 1)))
                    .all()
                    .get();
        }
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "infrastructure-check"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("infrastructure-check", "key", "value"));
            producer.commitTransaction();
        }
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "infrastructure-check",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of("infrastructure-check"));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).extracting(ConsumerRecord::value).containsExactly("value");
        }
    }

    @Test
    void mongoServerEnforcesAUniqueIndex() {
        try (var client = MongoClients.create(InProcessServers.mongoConnectionString())) {
            var collection = client.getDatabase("infrastructure-check").getCollection("things");
            collection.createIndex(new Document("name", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            collection.insertOne(new Document("name", "a"));

            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> collection.insertOne(new Document("name", "a"))))
                    .isInstanceOf(com.mongodb.MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThat(collection.countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void postgresIsARealPostgresServer() throws Exception {
        try (Connection connection =
                        InProcessServers.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select current_setting('server_version_num')::int")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1) / 10000).isEqualTo(17);
        }
    }
}
