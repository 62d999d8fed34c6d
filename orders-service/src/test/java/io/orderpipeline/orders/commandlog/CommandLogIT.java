package io.orderpipeline.orders.commandlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;

/** Every command received is in the command log by the time its answer arrives, accepted or not. */
@OrdersServiceTest
class CommandLogIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    /** An accepted command is logged by its commit; what left no commit (a replay, a refusal) by an entry. */
    @Test
    void logsAcceptedCommandsInTheirCommitsAndTheRestInTheLog() {
        OrdersClient orders = new OrdersClient(port);
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", UUID.randomUUID().toString());
        String orderId =
                (String) orders.post("/orders", Map.of("customerId", "c-log", "product", "pen", "quantity", 1), key)
                        .getBody()
                        .get("orderId");
        orders.post("/orders", Map.of("customerId", "c-log", "product", "pen", "quantity", 1), key);
        orders.post("/orders/" + orderId + "/ship", null);
        orders.post("/orders/" + orderId + "/process", null);

        Query ofTheOrder = Query.query(Criteria.where("orderId").is(orderId));
        List<Document> logged =
                mongo.find(Query.of(ofTheOrder).with(Sort.by("receivedAt", "_id")), Document.class, "commands");
        List<Document> committed =
                mongo.find(Query.of(ofTheOrder).with(Sort.by("fromVersion")), Document.class, "commits");

        assertThat(logged)
                .extracting(entry -> entry.getString("command"), entry -> entry.getString("outcome"))
                .containsExactly(tuple("create", "REPLAYED"), tuple("ship", "REFUSED"));
        assertThat(logged.get(0).get("version", Number.class).longValue()).isEqualTo(1);
        assertThat(logged.get(0).getString("commandId")).isEqualTo(orderId);
        assertThat(logged.get(0).getString("idempotencyKey")).isEqualTo(key.getFirst("Idempotency-Key"));
        assertThat(logged.get(1).getInteger("status")).isEqualTo(409);
        assertThat(logged.get(1).getString("reason")).isEqualTo("cannot ship an order that is CREATED");
        assertThat(committed)
                .extracting(
                        commit -> commit.get("command", Document.class).getString("name"),
                        commit -> commit.get("command", Document.class).getString("source"),
                        commit -> commit.get("command", Document.class).getString("idempotencyKey"))
                .containsExactly(
                        tuple("create", "http", key.getFirst("Idempotency-Key")), tuple("process", "http", null));
    }

    @Test
    void logsACommandRefusedBeforeItReachedTheOrder() {
        OrdersClient orders = new OrdersClient(port);
        String unique = "c-" + UUID.randomUUID();
        long before = mongo.count(Query.query(Criteria.where("outcome").is("REFUSED")), "commands");

        orders.post("/orders", "{\"customerId\":\"" + unique + "\",\"quantity\":0}");

        Document logged = mongo.find(
                        Query.query(Criteria.where("outcome")
                                        .is("REFUSED")
                                        .and("status")
                                        .is(400))
                                .with(Sort.by(Sort.Direction.DESC, "_id"))
                                .limit(1),
                        Document.class,
                        "commands")
                .getFirst();
        assertThat(mongo.count(Query.query(Criteria.where("outcome").is("REFUSED")), "commands"))
                .isEqualTo(before + 1);
        assertThat(logged.getString("command")).isEqualTo("create");
        assertThat(logged.getString("reason")).contains("product: must not be blank", "quantity: must be");
    }

    /** Refused by the body limit, before Spring MVC parsed anything: logged all the same, with its key. */
    @Test
    void logsACommandRefusedByTheBodyLimit() {
        OrdersClient orders = new OrdersClient(port);
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", UUID.randomUUID().toString());

        orders.post("/orders", "{\"customerId\":\"" + "x".repeat(20_000) + "\"}", key);

        Document logged = mongo.findOne(
                Query.query(Criteria.where("idempotencyKey").is(key.getFirst("Idempotency-Key"))),
                Document.class,
                "commands");
        assertThat(logged.getString("outcome")).isEqualTo("REFUSED");
        assertThat(logged.getInteger("status")).isEqualTo(413);
        assertThat(logged.getString("command")).isEqualTo("create");
    }
}
