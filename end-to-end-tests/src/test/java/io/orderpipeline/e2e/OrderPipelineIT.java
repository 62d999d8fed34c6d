package io.orderpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An order's whole journey: created over HTTP on orders-service, stored in MongoDB, published through the outbox to
 * Kafka, decided by processor-service, recorded back by orders-service, projected by query-service into PostgreSQL
 * and read back over HTTP. Any missing hop leaves the order short of its final status and fails the test.
 *
 * <p>The services run with tracing switched off by its one setting while a real Zipkin listens at the endpoint they
 * are given: the collector hears nothing of any journey.
 */
class OrderPipelineIT {

    private static final int MAX_QUANTITY = 10;

    @AutoClose
    private static Zipkin zipkin;

    @AutoClose
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        zipkin = Zipkin.start();
        pipeline = zipkin.startPipeline(
                "--spring.mongodb.database=e2e",
                "--processor.rules.max-quantity=" + MAX_QUANTITY,
                "--management.tracing.export.enabled=false");
    }

    @Test
    void anOrderWithinTheRulesIsProcessedAndVisibleOnTheQuerySide() {
        String orderId = pipeline.create(MAX_QUANTITY);

        ResponseEntity<Map> processing = pipeline.process(orderId);

        assertThat(processing.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> view = awaitView(orderId, "PROCESSED");
        assertThat(view.get("version")).isEqualTo(3);
        assertThat(view.get("customerId")).isEqualTo("c-e2e");
        assertThat(view.get("quantity")).isEqualTo(MAX_QUANTITY);
        // The outcome is part of the order's own stream in MongoDB, not only of the read model.
        assertThat(eventTypes(orderId)).containsExactly("OrderCreated", "OrderProcessingRequested", "OrderProcessed");
    }

    @Test
    void withTracingSwitchedOffAWholeLifecycleReportsNoSpan() {
        String orderId = pipeline.create(1);
        pipeline.process(orderId);

        awaitView(orderId, "PROCESSED");
        // Longer than the reporter's flush interval (1 s): a span of the lifecycle would have arrived by then.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> zipkin.spansReceived() == 0 && zipkin.services().isEmpty());
    }

    @Test
    void anOrderAboveTheMaximumQuantityIsRejectedWithItsReason() {
        String orderId = pipeline.create(MAX_QUANTITY + 1);

        pipeline.process(orderId);

        Map<?, ?> view = awaitView(orderId, "REJECTED");
        assertThat(view.get("version")).isEqualTo(3);
        assertThat(eventTypes(orderId)).containsExactly("OrderCreated", "OrderProcessingRequested", "OrderRejected");
    }

    @Test
    void aRequestWaitsForAStoppedProcessorAndCompletesWhenItIsBack() {
        pipeline.stopProcessor();
        String orderId;
        try {
            orderId = pipeline.create(1);
            pipeline.process(orderId);

            // Without the processor hop the order must not move past PROCESSING, however long we look.
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> view(orderId),
                            response -> response.getStatusCode().is2xxSuccessful()
                                    && "PROCESSING".equals(response.getBody().get("status")));
        } finally {
            pipeline.restartProcessor();
        }

        assertThat(awaitView(orderId, "PROCESSED").get("version")).isEqualTo(3);
    }

    private static Map<?, ?> awaitView(String orderId, String status) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> view(orderId),
                        response -> response.getStatusCode().is2xxSuccessful()
                                && status.equals(response.getBody().get("status")))
                .getBody();
    }

    private static ResponseEntity<Map> view(String orderId) {
        return pipeline.query().get().uri("/orders/{id}", orderId).retrieve().toEntity(Map.class);
    }

    private static List<String> eventTypes(String orderId) {
        List<Map<?, ?>> events = pipeline.orders()
                .get()
                .uri("/orders/{id}/events", orderId)
                .retrieve()
                .body(List.class);
        return events.stream().map(event -> (String) event.get("type")).toList();
    }
}
