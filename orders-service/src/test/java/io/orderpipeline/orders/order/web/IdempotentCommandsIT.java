package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@OrdersServiceTest
class IdempotentCommandsIT {

    private static final Map<String, Object> LAPTOPS = Map.of("customerId", "c-1", "product", "laptop", "quantity", 2);

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

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
        assertThat(retry.getHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commits);
    }

    /**
     * The instance died after the commit and before it stored the answer: the retry finds the key unanswered, runs
     * under the same command id, and the event store's unique command id answers it from the commit.
     */
    @Test
    void aRetryOfACommandCommittedBeforeACrashIsMarkedReplayed() {
        HttpHeaders createKey = key();
        ResponseEntity<Map> created = orders.post("/orders", LAPTOPS, createKey);
        String orderId = (String) created.getBody().get("orderId");
        HttpHeaders processKey = key();
        ResponseEntity<Map> processed = orders.post("/orders/" + orderId + "/process", null, processKey);
        forgetAnswer(createKey);
        forgetAnswer(processKey);
        long commits = mongo.count(new Query(), "commits");

        ResponseEntity<Map> createRetry = orders.post("/orders", LAPTOPS, createKey);
        ResponseEntity<Map> processRetry = orders.post("/orders/" + orderId + "/process", null, processKey);

        assertThat(createRetry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(createRetry.getBody()).isEqualTo(created.getBody());
        assertThat(createRetry.getHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(processRetry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(processRetry.getBody()).isEqualTo(processed.getBody());
        assertThat(processRetry.getHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commits);
    }

    @Test
    void aFirstAnswerIsNotMarkedReplayed() {
        ResponseEntity<Map> first = orders.post("/orders", LAPTOPS, key());

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getHeaders().containsHeader(IdempotencyFilter.REPLAYED_HEADER))
                .isFalse();
    }

    /** As if the instance had died between the commit and storing the answer. */
    private void forgetAnswer(HttpHeaders key) {
        mongo.updateMulti(
                Query.query(Criteria.where("_id").regex(" " + key.getFirst("Idempotency-Key") + "$")),
                new Update().unset("response"),
                "idempotency_keys");
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

    @Test
    void aRefusalIsReplayedToo() {
        String orderId = orders.createOrder();
        HttpHeaders key = key();

        ResponseEntity<Map> first = orders.post("/orders/" + orderId + "/ship", null, key);
        ResponseEntity<Map> retry = orders.post("/orders/" + orderId + "/ship", null, key);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(retry.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
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

    @Test
    void anExpiredKeyIsAFreshKey() {
        HttpHeaders key = key();
        ResponseEntity<Map> first = orders.post("/orders", LAPTOPS, key);
        // Age the record past its expiry, as the clock would in 24 h; the TTL monitor may not have removed it yet.
        mongo.updateMulti(
                Query.query(Criteria.where("_id").regex(" " + key.getFirst("Idempotency-Key") + "$")),
                Update.update("expiresAt", new Date(System.currentTimeMillis() - 1000)),
                "idempotency_keys");

        ResponseEntity<Map> again = orders.post("/orders", LAPTOPS, key);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getBody().get("orderId")).isNotEqualTo(first.getBody().get("orderId"));
    }

    @Test
    void keysExpireByATtlIndex() {
        // Created once the service is ready, off the start path.
        Document ttl = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> mongo.getCollection("idempotency_keys").listIndexes().into(new ArrayList<>()).stream()
                                .filter(index -> "expires_at".equals(index.getString("name")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();

        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isZero();
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
