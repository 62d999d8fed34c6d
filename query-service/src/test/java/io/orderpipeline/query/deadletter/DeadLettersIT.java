package io.orderpipeline.query.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.Topics;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.QueryServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

/** {@code GET /dead-letters} counts exactly the committed records of each dead-letter topic, also a topic made later. */
@QueryServiceTest
class DeadLettersIT {

    private static final String RESULTS_DLT = Topics.PROCESSING_RESULTS + Topics.DEAD_LETTER_SUFFIX;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    KafkaAdmin admin;

    @Test
    void countsTheCommittedRecordsOfATopicThatAppearsLaterWithTheLastReason() throws Exception {
        var http = new Http(port);
        JsonNode before = topic(http.get("/dead-letters").json(), RESULTS_DLT);
        // A transactional producer, as processor-service writes its dead letters.
        var producers = new DefaultKafkaProducerFactory<String, String>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers())),
                new StringSerializer(),
                new StringSerializer());
        producers.setTransactionIdPrefix("dead-letters-it-");
        var template = new KafkaTemplate<>(producers);
        admin.createOrModifyTopics(TopicBuilder.name(RESULTS_DLT).partitions(2).build());
        try {
            template.executeInTransaction(t -> t.send(deadLetter("o-1", "first reason")));
            try {
                template.executeInTransaction(t -> {
                    t.send(deadLetter("o-2", "aborted"));
                    throw new IllegalStateException("abort the transaction");
                });
            } catch (IllegalStateException expected) {
                // read_committed never sees this record
            }
            template.executeInTransaction(t -> t.send(deadLetter("o-3", "last reason")));
        } finally {
            producers.destroy();
        }

        JsonNode after = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/dead-letters").json(),
                        json -> topic(json, RESULTS_DLT).get("records").asLong()
                                >= before.get("records").asLong() + 2);

        JsonNode results = topic(after, RESULTS_DLT);
        assertThat(results.get("records").asLong())
                .isEqualTo(before.get("records").asLong() + 2);
        assertThat(results.get("lastReason").asString()).isEqualTo("last reason");
        assertThat(Instant.parse(results.get("lastAt").asString()))
                .isAfter(Instant.now().minusSeconds(120));
        long sum = 0;
        for (JsonNode topic : after.get("topics")) {
            sum += topic.get("records").asLong();
        }
        assertThat(after.get("total").asLong()).isEqualTo(sum);
        assertThat(after.get("topics"))
                .extracting(topic -> topic.get("topic").asString())
                .containsExactly(
                        "orders.events.DLT",
                        "orders.processing-requests.DLT",
                        "orders.processing-results.DLT",
                        "inventory.events.DLT",
                        "inventory.commands.DLT");
    }

    private static ProducerRecord<String, String> deadLetter(String key, String reason) {
        var record = new ProducerRecord<>(RESULTS_DLT, key, "{not json");
        record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static JsonNode topic(JsonNode deadLetters, String name) {
        for (JsonNode topic : deadLetters.get("topics")) {
            if (topic.get("topic").asString().equals(name)) {
                return topic;
            }
        }
        throw new AssertionError(name + " missing from " + deadLetters);
    }
}
