package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Every kind of bad input gets a problem that names what is wrong, and writes no event. */
@OrdersServiceTest
class OrderRefusalsIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    private OrdersClient orders;
    private long commitsBefore;

    @BeforeEach
    void setUp() {
        orders = new OrdersClient(port);
        commitsBefore = mongo.count(new Query(), "commits");
    }

    @Test
    void malformedJsonIsABadRequest() {
        ResponseEntity<Map> refused = orders.post("/orders", "{\"customerId\": \"c-1\", ");

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat((String) refused.getBody().get("detail")).startsWith("the request body is not valid JSON");
        assertNothingWritten();
    }

    @Test
    void trailingGarbageAfterTheObjectIsMalformed() {
        assertProblem(
                orders.post("/orders", "{\"customerId\":\"c\",\"product\":\"p\",\"quantity\":1} {}"),
                HttpStatus.BAD_REQUEST);
        assertNothingWritten();
    }

    @Test
    void namesEveryMissingOrBlankField() {
        ResponseEntity<Map> refused = orders.post("/orders", "{\"product\": \"  \"}");

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(
                        Map.of("field", "customerId", "reason", "must not be blank"),
                        Map.of("field", "product", "reason", "must not be blank"),
                        Map.of("field", "quantity", "reason", "must be an integer between 1 and 10000"));
        assertNothingWritten();
    }

    /** PostgreSQL refuses U+0000 in text: the read model could never hold this order, so it is refused here. */
    @Test
    void refusesTextNoStoreDownstreamCanHold() {
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", UUID.randomUUID().toString());

        ResponseEntity<Map> refused =
                orders.post("/orders", "{\"customerId\":\"a\\u0000b\",\"product\":\"p\\ud800\",\"quantity\":1}", key);

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(
                        Map.of("field", "customerId", "reason", "must not contain the NUL character (U+0000)"),
                        Map.of(
                                "field",
                                "product",
                                "reason",
                                "must not contain an unpaired UTF-16 surrogate (not encodable as UTF-8)"));
        assertNothingWritten();
        // The command log holds the request once, refused (it is written before the answer leaves).
        assertThat(mongo
                        .find(
                                Query.query(Criteria.where("idempotencyKey").is(key.getFirst("Idempotency-Key"))),
                                Document.class,
                                "commands")
                        .stream()
                        .map(entry -> entry.getString("outcome"))
                        .toList())
                .containsExactly("REFUSED");
    }

    @Test
    void refusesACancelReasonNoStoreCanHold() {
        String orderId = orders.createOrder();
        commitsBefore = mongo.count(new Query(), "commits");

        ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/cancel", "{\"reason\":\"why\\u0000\"}");

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(Map.of("field", "reason", "reason", "must not contain the NUL character (U+0000)"));
        assertNothingWritten();
    }

    @Test
    void refusesACorrelationIdNoStoreCanHold() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Correlation-Id", "c".repeat(129));

        ResponseEntity<Map> refused =
                orders.post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 1), headers);

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(Map.of("field", "X-Correlation-Id", "reason", "must be at most 128 characters"));
        assertNothingWritten();
    }

    @Test
    void refusesAnOrderIdLongerThanTheReadModelHolds() {
        ResponseEntity<Map> refused = orders.post("/orders/" + "o".repeat(101) + "/process", null);

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(Map.of("field", "orderId", "reason", "must be at most 100 characters"));
        assertNothingWritten();
    }

    @Test
    void refusesOversizedFields() {
        ResponseEntity<Map> refused =
                orders.post("/orders", Map.of("customerId", "c".repeat(65), "product", "laptop", "quantity", 1));

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused))
                .containsExactly(Map.of("field", "customerId", "reason", "must be at most 64 characters"));
        assertNothingWritten();
    }

    @Test
    void refusesAQuantityOutsideOneToTenThousand() {
        for (int quantity : new int[] {0, -1, 10_001}) {
            ResponseEntity<Map> refused =
                    orders.post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", quantity));

            assertProblem(refused, HttpStatus.BAD_REQUEST);
            assertThat(errors(refused)).extracting(error -> error.get("field")).containsExactly("quantity");
        }
        assertThat(orders.post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 10_000))
                        .getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commitsBefore + 1);
    }

    @Test
    void refusesAQuantityThatIsNotAnInteger() {
        for (String quantity : new String[] {"2.5", "\"2\"", "true", "[2]"}) {
            ResponseEntity<Map> refused = orders.post(
                    "/orders", "{\"customerId\":\"c-1\",\"product\":\"laptop\",\"quantity\":" + quantity + "}");

            assertProblem(refused, HttpStatus.BAD_REQUEST);
            assertThat(errors(refused))
                    .as("quantity %s", quantity)
                    .containsExactly(Map.of("field", "quantity", "reason", "must be an integer"));
        }
        assertNothingWritten();
    }

    @Test
    void namesEveryUnknownProperty() {
        ResponseEntity<Map> refused = orders.post(
                "/orders",
                "{\"customerId\":\"c-1\",\"price\":3,\"product\":\"laptop\",\"quantity\":1,\"discount\":{\"x\":1}}");

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused)).extracting(error -> error.get("field")).containsExactly("price", "discount");
        assertThat(errors(refused).getFirst().get("reason"))
                .isEqualTo("unknown property; allowed are customerId, product, quantity");
        assertNothingWritten();
    }

    @Test
    void refusesABodyOverSixteenKibibytes() {
        String big = "{\"customerId\":\"c-1\",\"product\":\"" + "x".repeat(16 * 1024) + "\",\"quantity\":1}";

        ResponseEntity<Map> refused = orders.post("/orders", big);

        assertProblem(refused, HttpStatus.CONTENT_TOO_LARGE);
        assertThat((String) refused.getBody().get("detail")).contains("16384 bytes");
        assertNothingWritten();
    }

    @Test
    void refusesAnotherContentType() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_PLAIN);

        ResponseEntity<Map> refused = orders.post("/orders", "customerId=c-1", headers);

        assertProblem(refused, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertNothingWritten();
    }

    @Test
    void refusesAMissingBody() {
        ResponseEntity<Map> refused = orders.post("/orders/" + orders.createOrder() + "/cancel", null);

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("detail", "a JSON request body is required");
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commitsBefore + 1);
    }

    @Test
    void answersNotFoundForEveryCommandOnAnUnknownOrder() {
        String unknown = UUID.randomUUID().toString();
        for (String command : List.of("process", "ship", "deliver")) {
            assertProblem(orders.post("/orders/" + unknown + "/" + command, null), HttpStatus.NOT_FOUND);
        }
        assertProblem(orders.post("/orders/" + unknown + "/cancel", Map.of("reason", "x")), HttpStatus.NOT_FOUND);
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(unknown)), "commits"))
                .isZero();
    }

    @Test
    void refusesAStaleIfMatchWithPreconditionFailed() {
        String orderId = orders.createOrder();
        HttpHeaders stale = new HttpHeaders();
        stale.setIfMatch("\"2\"");

        ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/process", null, stale);

        assertProblem(refused, HttpStatus.PRECONDITION_FAILED);
        assertThat(refused.getBody()).containsEntry("expectedVersion", 2);
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(1);

        HttpHeaders current = new HttpHeaders();
        current.setIfMatch("\"1\"");
        ResponseEntity<Map> accepted = orders.post("/orders/" + orderId + "/process", null, current);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getHeaders().getETag()).isEqualTo("\"2\"");
    }

    @Test
    void refusesAMalformedIfMatch() {
        String orderId = orders.createOrder();
        HttpHeaders malformed = new HttpHeaders();
        malformed.set(HttpHeaders.IF_MATCH, "version one");

        ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/process", null, malformed);

        assertProblem(refused, HttpStatus.BAD_REQUEST);
        assertThat(errors(refused)).extracting(error -> error.get("field")).containsExactly("If-Match");
    }

    @Test
    void refusesEveryIllegalMoveWithTheCurrentStatusAndTheAllowedCommands() {
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "changed my mind"));

        for (String command : List.of("process", "ship", "deliver")) {
            ResponseEntity<Map> refused = orders.post("/orders/" + orderId + "/" + command, null);

            assertProblem(refused, HttpStatus.CONFLICT);
            assertThat(refused.getBody())
                    .containsEntry("currentStatus", "CANCELLED")
                    .containsEntry("command", command)
                    .containsEntry("allowedCommands", List.of());
        }
        assertThat(mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits"))
                .isEqualTo(2);
    }

    @Test
    void neverShowsAnExceptionClassToTheClient() {
        ResponseEntity<Map> refused = orders.post("/orders", "{\"quantity\": \"lots\"}");

        assertThat(refused.getBody().toString()).doesNotContain("Exception", "tools.jackson", "java.lang");
    }

    private void assertNothingWritten() {
        assertThat(mongo.count(new Query(), "commits")).isEqualTo(commitsBefore);
    }

    private static void assertProblem(ResponseEntity<Map> answer, HttpStatus status) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).containsEntry("status", status.value()).containsKey("title");
        assertThat(answer.getBody().toString()).doesNotContain("Exception", "at io.", "at org.");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(ResponseEntity<Map> answer) {
        return (List<Map<String, Object>>) answer.getBody().get("errors");
    }
}
