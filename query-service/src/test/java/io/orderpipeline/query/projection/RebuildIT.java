package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static io.orderpipeline.query.OrderEvents.partitionOf;
import static io.orderpipeline.query.StockEvents.newProduct;
import static io.orderpipeline.query.StockEvents.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.OrderEventsTopic;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.query.StockEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

@QueryServiceTest
class RebuildIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    OrderEvents events;
    StockEvents stockEvents;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new OrderEvents(kafka);
        stockEvents = new StockEvents(kafka);
    }

    @Test
    void refusesTheAdminEndpointWithoutTheToken() {
        Http.Response anonymous = http.post("/admin/rebuild", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        Http.Response wrongToken = http.post("/admin/rebuild", "not-" + QueryServiceTest.ADMIN_TOKEN);
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(wrongToken.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/admin/rebuild", "wrong").status()).isEqualTo(403);
        assertThat(http.get("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN)
                        .json()
                        .get("phase")
                        .asString())
                .isNotEqualTo("rebuilding");
    }

    @Test
    void rebuildsFromOffsetZeroWhileServingAndSwitchesToTablesEqualToTheLiveOnes() throws InterruptedException {
        String delivered = newOrderId();
        String rejected = newOrderId();
        String cancelled = newOrderId();
        events.publish(
                created(delivered, "c-rebuild", "laptop", 1),
                envelope(delivered, 2, new OrderProcessingRequested("c-rebuild", "laptop", 1)),
                envelope(delivered, 3, new OrderProcessed()),
                envelope(delivered, 4, new OrderShipped()),
                envelope(delivered, 5, new OrderDelivered()),
                created(rejected, "c-rebuild", "phone", 7),
                envelope(rejected, 2, new OrderProcessingRequested("c-rebuild", "phone", 7)),
                envelope(rejected, 3, new OrderRejected("out of stock")),
                created(cancelled, "c-rebuild", "desk", 1),
                envelope(cancelled, 2, new OrderCancelled("changed mind")));
        // One order whose version 2 sits on another partition, after version 3 in the log of its own: the rebuild
        // has to wait at the gap as the live side did, not skip it.
        String split = newOrderId();
        events.publish(created(split, "c-rebuild", "chair", 1), envelope(split, 3, new OrderProcessed()));
        events.publishTo(
                (partitionOf(split) + 1) % OrderEventsTopic.PARTITIONS,
                envelope(split, 2, new OrderProcessingRequested("c-rebuild", "chair", 1)));
        // An order PostgreSQL cannot store: the rebuild parks it exactly as the live side did.
        String poison = newOrderId();
        events.publish(created(poison, "a\u0000b", "lamp", 1), envelope(poison, 2, new OrderCancelled("never stored")));
        http.awaitVersion(delivered, 5);
        http.awaitVersion(rejected, 3);
        http.awaitVersion(cancelled, 2);
        http.awaitVersion(split, 3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/projection").json().get("totalLag").asLong() == 0);
        String parkedQuery = "SELECT order_id, version, cause, reason, partition, \"offset\", envelope"
                + " FROM parked_events WHERE order_id = ? ORDER BY version";
        List<Map<String, Object>> parked = await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForList(parkedQuery, poison), rows -> rows.size() == 2);
        List<Map<String, Object>> orders = modelRows("SELECT * FROM orders ORDER BY order_id");
        List<Map<String, Object>> history = modelRows("SELECT * FROM order_history ORDER BY order_id, version");
        Map<String, List<String>> indexes = indexesOf("orders", "order_history", "projection_offsets");
        // Damage the live model: only a real rebuild from the log can bring the row back.
        jdbc.update("UPDATE orders SET product = 'damaged' WHERE order_id = ?", delivered);
        int generation = rebuildState().get("generation").asInt();

        var readerFailures = new ConcurrentLinkedQueue<String>();
        var reading = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (reading.get()) {
                Http.Response response = http.get("/orders/" + rejected);
                if (response.status() != 200
                        || !"REJECTED".equals(response.json().get("status").asString())) {
                    readerFailures.add(response.status() + " " + response.json());
                }
            }
        });
        Http.Response started = http.post("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN);
        assertThat(started.status()).isEqualTo(202);
        assertThat(http.post("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN).status())
                .isIn(202, 409);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rebuildState().get("generation").asInt() > generation);
        reading.set(false);
        reader.join();

        assertThat(rebuildState().get("phase").asString()).isEqualTo("completed");
        assertThat(readerFailures).isEmpty();
        assertThat(modelRows("SELECT * FROM orders ORDER BY order_id")).isEqualTo(orders);
        assertThat(modelRows("SELECT * FROM order_history ORDER BY order_id, version"))
                .isEqualTo(history);
        assertThat(jdbc.queryForList(parkedQuery, poison))
                .usingRecursiveComparison()
                .isEqualTo(parked);
        // Loaded without its secondary indexes, the model is switched in with every one of them rebuilt.
        assertThat(indexesOf("orders", "order_history", "projection_offsets")).isEqualTo(indexes);
        assertThat(indexes.get("orders")).hasSize(6);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_next' OR tablename LIKE '%\\_retired'",
                        Long.class))
                .isZero();

        // The live projection goes on writing into the tables switched in.
        events.publish(envelope(cancelled, 3, new OrderCancelled("a late event after the switch")));
        http.awaitVersion(cancelled, 3);
    }

    @Test
    void losesAndRepeatsNothingThatArrivesWhileItRebuildsAndSwitches() throws InterruptedException {
        int generation = rebuildState().get("generation").asInt();
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            orderIds.add(newOrderId());
        }
        String products = "during-rebuild-" + UUID.randomUUID() + "-";
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < orderIds.size(); i++) {
                String orderId = orderIds.get(i);
                events.publish(
                        created(orderId, "c-during-rebuild", "laptop", 1),
                        envelope(orderId, 2, new OrderProcessingRequested("c-during-rebuild", "laptop", 1)),
                        envelope(orderId, 3, new OrderProcessed()),
                        envelope(orderId, 4, new OrderShipped()),
                        envelope(orderId, 5, new OrderDelivered()));
                stockEvents.publish(
                        stock(products + i, 1, 5, 0), stock(products + i, 2, 5, 1), stock(products + i, 3, 4, 0));
            }
        });
        // Started once the live side has applied some of them, so the rebuild has records to catch up on while
        // more keep arriving.
        http.awaitVersion(orderIds.get(0), 5);
        Http.Response started = http.post("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN);
        assertThat(started.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rebuildState().get("generation").asInt() > generation);
        writer.join();
        assertThat(rebuildState().get("applied").asLong()).isPositive();

        orderIds.forEach(orderId -> http.awaitVersion(orderId, 5));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM order_history h JOIN orders o USING (order_id)"
                                + " WHERE o.customer_id = 'c-during-rebuild'",
                        Long.class))
                .isEqualTo(5L * orderIds.size());
        assertThat(http.get("/orders?customerId=c-during-rebuild&status=DELIVERED")
                        .json()
                        .get("totalElements")
                        .asLong())
                .isEqualTo(orderIds.size());
        for (int i = 0; i < orderIds.size(); i++) {
            assertThat(awaitStock(products + i, 3).get("available").asLong()).isEqualTo(4);
        }
    }

    @Test
    void rebuildsTheInventoryFromOffsetZeroEqualToTheLiveOne() {
        String sold = newProduct();
        String restocked = newProduct();
        String unread = newProduct();
        stockEvents.publish(stock(sold, 1, 2, 0), stock(sold, 2, 2, 1), stock(sold, 3, 2, 2));
        // Redelivered and out of order: the live side kept version 3, so must the rebuild.
        stockEvents.publish(stock(sold, 2, 2, 1));
        stockEvents.publish(stock(restocked, 1, 1, 0), stock(restocked, 2, 1, 1), stock(restocked, 3, 6, 1));
        stockEvents.publishRaw(unread, "{not json".getBytes(StandardCharsets.UTF_8));
        stockEvents.publish(stock(unread, 1, 9, 0));
        awaitStock(sold, 3);
        awaitStock(restocked, 3);
        awaitStock(unread, 1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/projection")
                                .json()
                                .get("inventory")
                                .get("totalLag")
                                .asLong()
                        == 0);
        List<Map<String, Object>> inventory = modelRows("SELECT * FROM inventory ORDER BY product");
        assertThat(inventory).isNotEmpty();
        // Damage the live model: only a real rebuild from the log can bring the rows back.
        jdbc.update("UPDATE inventory SET on_hand = 999 WHERE product = ?", sold);
        jdbc.update("DELETE FROM inventory WHERE product = ?", restocked);
        int generation = rebuildState().get("generation").asInt();

        assertThat(http.post("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rebuildState().get("generation").asInt() > generation);

        assertThat(rebuildState().get("phase").asString()).isEqualTo("completed");
        assertThat(modelRows("SELECT * FROM inventory ORDER BY product")).isEqualTo(inventory);
        assertThat(http.get("/inventory/" + sold).json().get("available").asLong())
                .isZero();
        // The live inventory projection goes on writing into the table switched in.
        stockEvents.publish(stock(sold, 4, 5, 2));
        assertThat(awaitStock(sold, 4).get("available").asLong()).isEqualTo(3);
    }

    private JsonNode awaitStock(String product, long version) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/inventory/" + product),
                        response -> response.status() == 200
                                && response.json().get("version").asLong() == version)
                .json();
    }

    /** What each table's indexes cover (their names differ between generations). */
    private Map<String, List<String>> indexesOf(String... tables) {
        Map<String, List<String>> indexes = new TreeMap<>();
        for (String table : tables) {
            indexes.put(
                    table,
                    jdbc.queryForList(
                            "SELECT substring(indexdef from ' USING .*') FROM pg_indexes"
                                    + " WHERE schemaname = current_schema() AND tablename = ? ORDER BY 1",
                            String.class,
                            table));
        }
        return indexes;
    }

    private JsonNode rebuildState() {
        return http.get("/admin/rebuild", QueryServiceTest.ADMIN_TOKEN).json();
    }

    /** Rows without {@code projected_at}: when a generation stored a row, which a rebuild does later by design. */
    private List<Map<String, Object>> modelRows(String query) {
        List<Map<String, Object>> rows = jdbc.queryForList(query);
        rows.forEach(row -> assertThat(row.remove("projected_at")).isNotNull());
        return rows;
    }
}
