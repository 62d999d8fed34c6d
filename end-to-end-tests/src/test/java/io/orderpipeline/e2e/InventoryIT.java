package io.orderpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Stock through the whole pipeline: set by hand on processor-service, reserved by processing requests that orders-service
 * publishes, released by a cancel and consumed by a shipment, and read back from query-service's read model. Each
 * product is used by one test only, so the tests do not depend on each other's stock.
 */
class InventoryIT {

    private static final String TOKEN = "inventory-it-token";

    @AutoClose
    private static Pipeline pipeline;

    private static RestClient processor;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start("--spring.mongodb.database=e2e-inventory", "--processor.admin.token=" + TOKEN);
        processor = RestClient.builder()
                .baseUrl(pipeline.processorUrl())
                .defaultHeader("Authorization", "Bearer " + TOKEN)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    @Test
    void fiftyConcurrentOrdersOfOneUnitForTenInStockGiveTenProcessedAndFortyRejected() throws Exception {
        assertThat(setOnHand("speaker", 10).getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> orders =
                IntStream.range(0, 50).mapToObj(i -> create("speaker", 1)).toList();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ResponseEntity<Map>>> answers = orders.stream()
                    .map(orderId -> clients.submit(() -> pipeline.process(orderId)))
                    .toList();
            for (Future<ResponseEntity<Map>> answer : answers) {
                assertThat(answer.get().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            }
        }

        List<Map<?, ?>> decided = orders.stream().map(InventoryIT::awaitDecided).toList();
        assertThat(decided)
                .filteredOn(view -> "PROCESSED".equals(view.get("status")))
                .hasSize(10);
        List<Map<?, ?>> rejected = decided.stream()
                .filter(view -> "REJECTED".equals(view.get("status")))
                .toList();
        assertThat(rejected).hasSize(40);
        assertThat(rejected)
                .extracting(view -> (String) view.get("reason"))
                .allSatisfy(reason ->
                        assertThat(reason).contains("insufficient stock").contains("0 available"));
        awaitStock("speaker", 10, 10);
    }

    @Test
    void cancellingAProcessedOrderReleasesItsUnitsAndShippingConsumesThem() {
        setOnHand("camera", 5);
        String cancelled = create("camera", 2);
        String shipped = create("camera", 3);
        pipeline.process(cancelled);
        pipeline.process(shipped);
        awaitStatus(cancelled, "PROCESSED");
        awaitStatus(shipped, "PROCESSED");
        awaitStock("camera", 5, 5);

        command(cancelled, "cancel", Map.of("reason", "changed my mind"));
        awaitStatus(cancelled, "CANCELLED");
        awaitStock("camera", 5, 3);

        command(shipped, "ship", Map.of());
        awaitStatus(shipped, "SHIPPED");
        awaitStock("camera", 2, 0);
    }

    @Test
    void onHandCannotBeSetBelowWhatIsReserved() {
        setOnHand("printer", 5);
        String orderId = create("printer", 3);
        pipeline.process(orderId);
        awaitStatus(orderId, "PROCESSED");

        ResponseEntity<Map> refused = setOnHand("printer", 2);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody().get("detail").toString()).contains("cannot be set below");
        awaitStock("printer", 5, 3);
    }

    private static ResponseEntity<Map> setOnHand(String product, int count) {
        return processor
                .put()
                .uri("/inventory/{product}/on-hand", product)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("count", count, "reason", "stock count"))
                .retrieve()
                .toEntity(Map.class);
    }

    private static String create(String product, int quantity) {
        ResponseEntity<Map> created = pipeline.orders()
                .post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("customerId", "c-stock", "product", product, "quantity", quantity))
                .retrieve()
                .toEntity(Map.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("orderId");
    }

    private static void command(String orderId, String command, Map<String, String> body) {
        ResponseEntity<Map> answer = pipeline.orders()
                .post()
                .uri("/orders/{id}/{command}", orderId, command)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(Map.class);
        assertThat(answer.getStatusCode().is2xxSuccessful())
                .as("%s answered %s", command, answer)
                .isTrue();
    }

    private static Map<?, ?> awaitDecided(String orderId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> view(orderId),
                        view -> view != null && List.of("PROCESSED", "REJECTED").contains(view.get("status")));
    }

    private static void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> view(orderId), view -> view != null && status.equals(view.get("status")));
    }

    private static Map<?, ?> view(String orderId) {
        ResponseEntity<Map> answer =
                pipeline.query().get().uri("/orders/{id}", orderId).retrieve().toEntity(Map.class);
        return answer.getStatusCode().is2xxSuccessful() ? answer.getBody() : null;
    }

    /** The processor's stock and the read model's agree on it, once the read model has caught up. */
    private static void awaitStock(String product, long onHand, long reserved) {
        Map<String, Object> expected = Map.of("onHand", onHand, "reserved", reserved, "available", onHand - reserved);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stock(processor, product)).containsAllEntriesOf(expected));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(stock(pipeline.query(), product)).containsAllEntriesOf(expected));
    }

    private static Map<String, Object> stock(RestClient service, String product) {
        ResponseEntity<Map> answer =
                service.get().uri("/inventory/{product}", product).retrieve().toEntity(Map.class);
        Map<?, ?> body = answer.getStatusCode().is2xxSuccessful() ? answer.getBody() : Map.of();
        return Map.of(
                "onHand", toLong(body.get("onHand")),
                "reserved", toLong(body.get("reserved")),
                "available", toLong(body.get("available")));
    }

    private static long toLong(Object value) {
        return value instanceof Number number ? number.longValue() : -1;
    }
}
