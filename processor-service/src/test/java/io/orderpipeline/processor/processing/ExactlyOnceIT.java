package io.orderpipeline.processor.processing;

import static io.orderpipeline.processor.processing.ProcessingRequestListenerIT.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaTestClient;
import io.orderpipeline.processor.ProcessorServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * The shared test instance crashes a share of its batches after half of their outcomes reached the broker
 * ({@code processor.faults.crash-rate=0.2}). The crashed transactions leave aborted outcomes in the log; readers
 * that only see committed records must still find exactly one outcome per request, and nothing in the DLT.
 */
@ProcessorServiceTest
class ExactlyOnceIT {

    @Autowired
    KafkaConnectionDetails connection;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyRequestHasExactlyOneCommittedOutcomeThoughBatchesCrashedMidway() {
        double crashesBefore = meters.counter("processor.simulated.crashes").count();
        List<String> orderIds = IntStream.range(0, 200)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();

        try (KafkaTestClient kafka = new KafkaTestClient(String.join(",", connection.getBootstrapServers()))) {
            List<RecordMetadata> published = orderIds.stream()
                    .map(id -> kafka.publish(envelope(id, 2, new OrderProcessingRequested("c-1", "laptop", 1))))
                    .toList();
            kafka.awaitConsumedByProcessor(published);

            Map<String, Long> committed = countByKey(kafka.readAll(Topics.PROCESSING_RESULTS, "read_committed"));
            Map<String, Long> everything = countByKey(kafka.readAll(Topics.PROCESSING_RESULTS, "read_uncommitted"));
            List<ConsumerRecord<String, byte[]>> deadLetters =
                    kafka.readAll(Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX, "read_committed");

            assertThat(orderIds)
                    .allSatisfy(id -> assertThat(committed.get(id)).as(id).isEqualTo(1L));
            // the crashes really threw away outcomes already written, so "exactly one" is the transactions' work
            assertThat(orderIds.stream()
                            .mapToLong(id -> everything.getOrDefault(id, 0L))
                            .sum())
                    .isGreaterThan(orderIds.size());
            assertThat(meters.counter("processor.simulated.crashes").count()).isGreaterThan(crashesBefore);
            // retried and then successful: none of them was given up on
            assertThat(deadLetters).extracting(ConsumerRecord::key).doesNotContainAnyElementsOf(orderIds);
        }
    }

    static Map<String, Long> countByKey(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(ConsumerRecord::key)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
