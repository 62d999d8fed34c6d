package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.web.client.RestClient;

@OrdersServiceTest
class OrderCommandsIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaConnectionDetails kafka;

    private RestClient http;
    private Consumer<String, byte[]> consumer;

    @BeforeEach
    void setUp() {
        http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
        consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.getBootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer();
        consumer.subscribe(Set.of(Topics.ORDER_EVENTS));
    }

    @AfterEach
    void tearDown() {
        consumer.close();
    }

    @Test
    void createsAnOrderDurablyAndPublishesItsEventThroughTheOutbox() {
        ResponseEntity<Map> created = post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 2));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String orderId = (String) created.getBody().get("orderId");
        assertThat(created.getBody()).containsEntry("status", "CREATED").containsEntry("version", 1);
        assertThat(created.getHeaders().getLocation()).hasToString("http://localhost:" + port + "/orders/" + orderId);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"1\"");
        // Durable before the answer: the commit is in MongoDB as soon as the client has its 201.
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(1);

        ConsumerRecord<String, byte[]> record = awaitEvents(orderId, 1).getFirst();
        assertThat(EventCodec.decode(record.value()).event()).isEqualTo(new OrderCreated("c-1", "laptop", 2));
        assertThat(new String(
                        record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("OrderCreated");
    }

    @Test
    void requestsProcessingOfACreatedOrderAndPublishesEventsInVersionOrder() {
        String orderId = createOrder();

        ResponseEntity<Map> accepted = post("/orders/" + orderId + "/process", null);

        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getBody()).containsEntry("status", "PROCESSING").containsEntry("version", 2);
        List<EventEnvelope> events = awaitEvents(orderId, 2).stream()
                .map(r -> EventCodec.decode(r.value()))
                .toList();
        assertThat(events).extracting(EventEnvelope::version).containsExactly(1L, 2L);
        assertThat(events.get(1).event()).isEqualTo(new OrderProcessingRequested("c-1", "laptop", 2));
    }

    @Test
    void refusesAMoveTheLifecycleDoesNotAllowAndWritesNothing() {
        String orderId = createOrder();

        ResponseEntity<Map> refused = post("/orders/" + orderId + "/ship", null);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody())
                .containsEntry("status", 409)
                .containsEntry("currentStatus", "CREATED")
                .containsEntry("allowedCommands", List.of("process", "cancel"));
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(1);
    }

    @Test
    void answersNotFoundForAnUnknownOrder() {
        ResponseEntity<Map> missing = post("/orders/" + UUID.randomUUID() + "/process", null);

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAnInvalidOrderWithAProblemAndWritesNothing() {
        long before = mongo.count(new Query(), "commits");

        ResponseEntity<Map> invalid = post("/orders", Map.of("customerId", "c-1", "product", " ", "quantity", 0));

        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(before);
    }

    private String createOrder() {
        return (String) post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 2))
                .getBody()
                .get("orderId");
    }

    private ResponseEntity<Map> post(String path, Object body) {
        var request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.body(body);
        }
        return request.retrieve().toEntity(Map.class);
    }

    private List<ConsumerRecord<String, byte[]>> awaitEvents(String orderId, int count) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (record.key().equals(orderId)) {
                    received.add(record);
                }
            });
            return received.size() >= count;
        });
        return received;
    }
}
