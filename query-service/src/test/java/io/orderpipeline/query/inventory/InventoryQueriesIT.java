package io.orderpipeline.query.inventory;

import static io.orderpipeline.query.StockEvents.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.query.Http;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.query.StockEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;

@QueryServiceTest
class InventoryQueriesIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    Http http;
    StockEvents events;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new StockEvents(kafka);
    }

    @Test
    void listsEveryProductsStockSortedByProductAndAnswersOne() {
        String prefix = "list-" + UUID.randomUUID() + "-";
        events.publish(
                stock(prefix + "c", 1, 3, 0),
                stock(prefix + "a", 1, 10, 0),
                stock(prefix + "a", 2, 10, 10),
                stock(prefix + "b", 1, 1, 0));

        List<JsonNode> listed = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> withPrefix(http.get("/inventory").json(), prefix),
                        rows -> rows.size() == 3
                                && rows.getFirst().get("version").asLong() == 2);
        assertThat(listed)
                .extracting(row -> row.get("product").asString())
                .containsExactly(prefix + "a", prefix + "b", prefix + "c");
        JsonNode soldOut = listed.getFirst();
        assertThat(soldOut.get("onHand").asLong()).isEqualTo(10);
        assertThat(soldOut.get("reserved").asLong()).isEqualTo(10);
        assertThat(soldOut.get("available").asLong()).isZero();
        assertThat(soldOut.get("changedAt").asString()).isEqualTo("2026-01-01T00:02:00Z");
        List<String> all = new ArrayList<>();
        http.get("/inventory").json().forEach(row -> all.add(row.get("product").asString()));
        assertThat(all).isSorted();

        Http.Response one = http.get("/inventory/" + prefix + "b");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().properties())
                .extracting(entry -> entry.getKey())
                .containsExactly("product", "onHand", "reserved", "available", "version", "changedAt");
        assertThat(one.json().get("available").asLong()).isEqualTo(1);
    }

    @Test
    void answersAnUnknownProductWithA404Problem() {
        Http.Response missing = http.get("/inventory/never-stocked-" + UUID.randomUUID());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("title").asString()).isEqualTo("Product not found");
        assertThat(missing.json().get("product").asString()).startsWith("never-stocked-");
    }

    @ParameterizedTest
    @CsvSource({
        "%20, must not be blank",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
                + " must be at most 128 characters"
    })
    void refusesAProductNoOrderCanHaveWithAProblemNamingIt(String product, String reason) {
        Http.Response refused = http.get("/inventory/" + product);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("parameter").asString()).isEqualTo("product");
        assertThat(refused.json().get("detail").asString()).isEqualTo("parameter 'product' " + reason);
    }

    @Test
    void acceptsTheLongestProductAnOrderMayHaveAndRefusesANulBeforeItIsRead() {
        assertThat(http.get("/inventory/" + "x".repeat(128)).status()).isEqualTo(404);
        // Tomcat refuses an encoded NUL in a path before any handler sees it; still a problem, no stack trace.
        Http.Response nul = http.get("/inventory/a%00b");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
    }

    private static List<JsonNode> withPrefix(JsonNode list, String prefix) {
        List<JsonNode> rows = new ArrayList<>();
        list.forEach(row -> {
            if (row.get("product").asString().startsWith(prefix)) {
                rows.add(row);
            }
        });
        return rows;
    }
}
