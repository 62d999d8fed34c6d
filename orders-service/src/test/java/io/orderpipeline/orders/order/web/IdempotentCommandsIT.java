package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.SecondInstance;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.CommandPipeline;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A keyed command takes effect once; its retries are answered from its commit, on any instance. */
@OrdersServiceTest
class IdempotentCommandsIT {

    private static final Map<String, Object> LAPTOPS = Map.of("customerId", "c-1", "product", "laptop", "quantity", 2);

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    CommandPipeline commands;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoConnectionDetails mongoConnection;

    private OrdersClient orders;

    @BeforeEach
    void setUp() {
        orders = new OrdersClient(port);
    }

    @Test
    void aRetriedCreateGetsTheOriginalAnswerAndCreatesNothing() {
        HttpHeaders key = key();
        ResponseEntity<Map> first = orders.post("/orders", LAPTOPS, key);
        long commits = mongo.count(new Query(), "commits");

        ResponseEntity<Map> retry = orders.post("/orders", LAPTOPS, key);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getLocation())
                .isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(retry.getHeaders().getFirst(CommandRequests.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commits);
    }

    /** The key is remembered by the commit in MongoDB, not by the instance: a new one answers the retry alike. */
    @Test
    void anotherInstanceAnswersARetryFromTheCommit() {
        HttpHeaders createKey = key();
        ResponseEntity<Map> created = orders.post("/orders", LAPTOPS, createKey);
        String orderId = (String) created.getBody().get("orderId");
        HttpHeaders processKey = key();
        ResponseEntity<Map> processed = orders.post("/orders/" + orderId + "/process", null, processKey);
        long commits = mongo.count(new Query(), "commits");

        try (ConfigurableApplicationContext restarted = SecondInstance.start(
                mongoConnection.getConnectionString().toString(), "orders-it", kafka.getBootstrapServers())) {
            OrdersClient other = SecondInstance.client(restarted);
            ResponseEntity<Map> createRetry = other.post("/orders", LAPTOPS, createKey);
            ResponseEntity<Map> processRetry = other.post("/orders/" + orderId + "/process", null, processKey);

            assertThat(createRetry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(createRetry.getBody()).isEqualTo(created.getBody());
            assertThat(createRetry.getHeaders().getLocation().getPath()).isEqualTo("/orders/" + orderId);
            assertThat(createRetry.getHeaders().getFirst(CommandRequests.REPLAYED_HEADER))
                    .isEqualTo("true");
            assertThat(processRetry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(processRetry.getBody()).isEqualTo(processed.getBody());
            assertThat(processRetry.getHeaders().getETag()).isEqualTo("\"2\"");
            assertThat(processRetry.getHeaders().getFirst(CommandRequests.REPLAYED_HEADER))
                    .isEqualTo("true");
        }
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commits);
    }

    @Test
    void aFirstAnswerIsNotMarkedReplayed() {
        ResponseEntity<Map> first = orders.post("/orders", LAPTOPS, key());

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getHeaders().containsHeader(CommandRequests.REPLAYED_HEADER))
                .isFalse();
    }

    @Test
    void aRetriedLifecycleCommandGetsTheOriginalAnswerEvenAfterTheOrderMovedOn() {
        String orderId = orders.createOrder();
        HttpHeaders key = key();
        ResponseEntity<Map> first = orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "r"), key);

        ResponseEntity<Map> retry = orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "r"), key);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getBody()).isEqualTo(first.getBody()).containsEntry("status", "CANCELLED");
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(2);
    }

    /** A refusal changed nothing, so it is not remembered: the retry is decided on the order as it is then. */
    @Test
    void aRetryOfARefusedCommandIsDecidedAfresh() {
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);
        HttpHeaders key = key();

        ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/ship", null, key);
        commands.run(
                orderId,
                new RecordProcessingOutcome(new OrderProcessed(), Instant.now()),
                CommandMetadata.newRequest(),
                OptionalLong.empty());
        ResponseEntity<Map> accepted = orders.post("/orders/" + orderId + "/ship", null, key);
        ResponseEntity<Map> replayed = orders.post("/orders/" + orderId + "/ship", null, key);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(accepted.getBody()).containsEntry("status", "SHIPPED").containsEntry("version", 4);
        assertThat(accepted.getHeaders().containsHeader(CommandRequests.REPLAYED_HEADER))
                .isFalse();
        assertThat(replayed.getBody()).isEqualTo(accepted.getBody());
        assertThat(replayed.getHeaders().getFirst(CommandRequests.REPLAYED_HEADER))
                .isEqualTo("true");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndWritesNothing() {
        HttpHeaders key = key();
        orders.post("/orders", LAPTOPS, key);
        long commits = mongo.count(new Query(), "commits");

        ResponseEntity<Map> reused =
                orders.post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 3), key);

        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(reused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) reused.getBody().get("detail")).contains("already used for a different request");
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commits);
    }

    @Test
    void keysAreScopedPerEndpoint() {
        String orderId = orders.createOrder();
        HttpHeaders key = key();

        ResponseEntity<Map> created = orders.post("/orders", LAPTOPS, key);
        ResponseEntity<Map> processed = orders.post("/orders/" + orderId + "/process", null, key);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(processed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(processed.getBody()).containsEntry("orderId", orderId).containsEntry("status", "PROCESSING");
    }

    /** Of concurrent first uses of a key one commits; every other is answered from that commit. */
    @Test
    void concurrentFirstUsesOfAKeyHaveOneEffect() throws Exception {
        HttpHeaders key = key();
        List<Future<ResponseEntity<Map>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                answers.add(clients.submit(() -> orders.post("/orders", LAPTOPS, key)));
            }
            List<ResponseEntity<Map>> responses = new ArrayList<>();
            for (Future<ResponseEntity<Map>> answer : answers) {
                responses.add(answer.get());
            }
            String orderId = (String) responses.getFirst().getBody().get("orderId");

            assertThat(responses).allSatisfy(response -> {
                assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                assertThat(response.getBody()).containsEntry("orderId", orderId);
            });
            assertThat(responses.stream()
                            .filter(response -> !response.getHeaders().containsHeader(CommandRequests.REPLAYED_HEADER)))
                    .hasSize(1);
            assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                    .isEqualTo(1);
        }
    }

    /** The commit is the record of the request: what a retry is compared with, and the command log's entry. */
    @Test
    void theCommitRecordsTheKeyedRequest() {
        HttpHeaders key = key();
        String orderId = (String) orders.post("/orders", LAPTOPS, key).getBody().get("orderId");

        Document command = mongo.findOne(Query.query(Criteria.where("orderId").is(orderId)), Document.class, "commits")
                .get("command", Document.class);

        assertThat(command.getString("name")).isEqualTo("create");
        assertThat(command.getString("source")).isEqualTo("http");
        assertThat(command.getString("idempotencyKey")).isEqualTo(key.getFirst("Idempotency-Key"));
        assertThat(command.getString("fingerprint")).matches("[0-9a-f]{64}");
        assertThat(command.getDate("receivedAt")).isNotNull();
        assertThat(mongo.collectionExists("idempotency_keys")).isFalse();
    }

    @Test
    void refusesAnUnusableKey() {
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "x".repeat(256));

        ResponseEntity<Map> refused = orders.post("/orders", LAPTOPS, key);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().get("errors").toString()).contains("Idempotency-Key");
    }

    private static HttpHeaders key() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return headers;
    }
}
