package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/** Twenty clients race for the same move of one order: the event store lets exactly one of them win. */
@OrdersServiceTest
class ConcurrentCommandsIT {

    private static final int CLIENTS = 20;

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
    void exactlyOneOfTwentyConcurrentCommandsWinsAndTheOthersGetConflict() throws Exception {
        String orderId = orders.createOrder();

        List<ResponseEntity<Map>> answers = race(() -> orders.post("/orders/" + orderId + "/process", null));

        assertThat(statuses(answers)).containsOnly(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
        assertThat(statuses(answers)).filteredOn(HttpStatus.ACCEPTED::equals).hasSize(1);
        assertThat(commitsOf(orderId)).isEqualTo(2);
    }

    @Test
    void withIfMatchTheLosersGetPreconditionFailed() throws Exception {
        String orderId = orders.createOrder();
        HttpHeaders ifMatch = new HttpHeaders();
        ifMatch.setIfMatch("\"1\"");

        List<ResponseEntity<Map>> answers =
                race(() -> orders.post("/orders/" + orderId + "/cancel", Map.of("reason", "race"), ifMatch));

        assertThat(statuses(answers)).containsOnly(HttpStatus.OK, HttpStatus.PRECONDITION_FAILED);
        assertThat(statuses(answers)).filteredOn(HttpStatus.OK::equals).hasSize(1);
        assertThat(commitsOf(orderId)).isEqualTo(2);
    }

    private List<ResponseEntity<Map>> race(Callable<ResponseEntity<Map>> command) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<ResponseEntity<Map>>> answers = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> clients.submit(() -> {
                        start.await();
                        return command.call();
                    }))
                    .toList();
            start.countDown();
            return answers.stream()
                    .map(answer -> {
                        try {
                            return answer.get();
                        } catch (Exception e) {
                            throw new AssertionError("a client failed", e);
                        }
                    })
                    .toList();
        }
    }

    private static List<HttpStatusCode> statuses(List<ResponseEntity<Map>> answers) {
        return answers.stream().map(ResponseEntity::getStatusCode).toList();
    }

    private long commitsOf(String orderId) {
        return mongo.count(Query.query(Criteria.where("orderId").is(orderId)), "commits");
    }
}
