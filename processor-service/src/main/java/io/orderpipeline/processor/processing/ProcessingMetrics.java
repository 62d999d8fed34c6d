package io.orderpipeline.processor.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The processor's meters. Tags take values from closed sets only ({@link RejectionReason}, processed/rejected), so
 * the number of time series stays bounded whatever the orders say.
 */
@Component
class ProcessingMetrics {

    private final Counter processed;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Timer processedTime;
    private final Timer rejectedTime;
    private final Counter deadLetters;
    private final DistributionSummary transactionRequests;
    private final Counter crashes;

    ProcessingMetrics(MeterRegistry registry) {
        processed = Counter.builder("processor.orders.processed")
                .description("Processing requests answered with OrderProcessed")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(
                    reason,
                    Counter.builder("processor.orders.rejected")
                            .description("Processing requests answered with OrderRejected, by reason")
                            .tag("reason", reason.tag())
                            .register(registry));
        }
        processedTime = timer(registry, "processed");
        rejectedTime = timer(registry, "rejected");
        deadLetters = Counter.builder("processor.dead.letters")
                .description("Records of orders.processing-requests that were unreadable or not a processing request,"
                        + " sent to orders.processing-requests.DLT")
                .register(registry);
        transactionRequests = DistributionSummary.builder("processor.transaction.requests")
                .description("Processing requests per Kafka transaction of the listener (one per batch; its count is"
                        + " the number of transactions, rolled-back attempts excluded)")
                .register(registry);
        crashes = Counter.builder("processor.simulated.crashes")
                .description("Batches rolled back on purpose (processor.faults.crash-rate)")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("processor.processing.time")
                .description("From the arrival of a request's batch until its outcome was handed to the producer")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    void outcome(Decision decision, Duration took) {
        if (decision.isProcessed()) {
            processed.increment();
            processedTime.record(took);
        } else {
            rejected.get(decision.rejectionReason()).increment();
            rejectedTime.record(took);
        }
    }

    /** One batch, and so one Kafka transaction, that got past its sends. */
    void batch(int requests, int deadLettered) {
        transactionRequests.record(requests);
        deadLetters.increment(deadLettered);
    }

    void crash() {
        crashes.increment();
    }
}
