package io.orderpipeline.processor.processing;

import static io.orderpipeline.processor.processing.ProcessingRequestsIT.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.processor.Actuator;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

@ProcessorServiceTest
class ProcessingMetricsIT {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails connection;

    @Test
    void countsOutcomesByReasonAndDeadLettersOnThePrometheusEndpoint() {
        String before = scrape();

        try (KafkaTestClient kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()))) {
            kafka.awaitConsumedByProcessor(List.of(
                    request(kafka, "laptop", 1),
                    request(kafka, "yacht", 1),
                    request(kafka, "phone", 11),
                    request(kafka, "phone", 12),
                    kafka.publishRaw(UUID.randomUUID().toString(), "{not json".getBytes(StandardCharsets.UTF_8))));
        }

        // the reservation is counted by the product's task, a moment after the order stage committed
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String after = scrape();
            assertThat(value(after, "processor_orders_processed_total", ""))
                    .isEqualTo(value(before, "processor_orders_processed_total", "") + 1);
            assertThat(value(after, "processor_orders_rejected_total", "reason=\"unknown-product\""))
                    .isEqualTo(value(before, "processor_orders_rejected_total", "reason=\"unknown-product\"") + 1);
            assertThat(value(after, "processor_orders_rejected_total", "reason=\"quantity-above-maximum\""))
                    .isEqualTo(
                            value(before, "processor_orders_rejected_total", "reason=\"quantity-above-maximum\"") + 2);
            assertThat(value(after, "processor_dead_letters_total", ""))
                    .isEqualTo(value(before, "processor_dead_letters_total", "") + 1);
            // tag values come from a closed set: the free-text reasons of the events never become series
            assertThat(after).doesNotContain("yacht");
        });
    }

    private String scrape() {
        var response = Actuator.get(port, "prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static RecordMetadata request(KafkaTestClient kafka, String product, int quantity) {
        return kafka.publish(
                envelope(UUID.randomUUID().toString(), 2, new OrderProcessingRequested("c-9", product, quantity)));
    }

    /** The value of the one sample of this metric whose labels contain the given text (0 when absent). */
    private static double value(String scrape, String metric, String labels) {
        List<String> samples = scrape.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> line.contains(labels))
                .toList();
        assertThat(samples).as(metric + " " + labels).hasSizeLessThanOrEqualTo(1);
        return samples.isEmpty()
                ? 0
                : Double.parseDouble(
                        samples.getFirst().substring(samples.getFirst().lastIndexOf(' ') + 1));
    }
}
