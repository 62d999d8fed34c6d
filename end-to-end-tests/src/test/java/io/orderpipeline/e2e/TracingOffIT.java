package io.orderpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Tracing switched off by its one setting reports nothing, even with a Zipkin endpoint configured and listening: a
 * whole lifecycle goes through the three services and the collector receives no span.
 */
class TracingOffIT {

    @AutoClose
    private static Zipkin zipkin;

    @AutoClose
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        zipkin = Zipkin.start();
        pipeline = zipkin.startPipeline(
                "--spring.mongodb.database=tracing-off-e2e", "--management.tracing.export.enabled=false");
    }

    @Test
    void aWholeLifecycleReportsNoSpan() {
        String orderId = pipeline.create(1);
        ResponseEntity<Map> processing = pipeline.process(orderId);
        assertThat(processing.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> pipeline.query()
                                .get()
                                .uri("/orders/{id}", orderId)
                                .retrieve()
                                .toEntity(Map.class),
                        view -> view.getStatusCode().is2xxSuccessful()
                                && "PROCESSED".equals(view.getBody().get("status")));
        // Longer than the reporter's flush interval (1 s): a span of the lifecycle would have arrived by then.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> zipkin.spansReceived() == 0 && zipkin.services().isEmpty());
    }
}
