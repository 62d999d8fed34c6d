package io.orderpipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
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
import org.bson.BsonDocument;
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

    /**
     * The MongoDB server has an oplog, as a replica set: a change stream follows inserts in order, resumes after a
     * token, and fails with ChangeStreamHistoryLost (286) for a token from before what the oplog was made to forget.
     */
    @Test
    void mongoServerServesChangeStreamsThatResumeUntilTheirHistoryIsForgotten() throws Exception {
        try (var client = MongoClients.create(InProcessServers.mongoConnectionString())) {
            var collection = client.getDatabase("infrastructure-check").getCollection("changes");
            BsonDocument afterFirst;
            try (var stream = collection.watch().cursor()) {
                collection.insertMany(List.of(new Document("n", 1), new Document("n", 2), new Document("n", 3)));
                List<ChangeStreamDocument<Document>> changes = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (var change = stream.tryNext(); change != null; change = stream.tryNext()) {
                        changes.add(change);
                    }
                    return changes.size() >= 3;
                });
                assertThat(changes)
                        .extracting(change -> change.getFullDocument().getInteger("n"))
                        .containsExactly(1, 2, 3);
                afterFirst = changes.getFirst().getResumeToken();
            }
            try (var resumed = collection.watch().resumeAfter(afterFirst).cursor()) {
                List<Integer> after = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (var change = resumed.tryNext(); change != null; change = resumed.tryNext()) {
                        after.add(change.getFullDocument().getInteger("n"));
                    }
                    return after.size() >= 2;
                });
                assertThat(after).containsExactly(2, 3);
            }

            try (AutoCloseable forgotten = InProcessServers.forgetMongoOplogUntilNow()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                                () -> collection.watch().resumeAfter(afterFirst).cursor()))
                        .isInstanceOfSatisfying(
                                MongoCommandException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(286));
            }
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
