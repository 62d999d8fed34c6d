package io.orderpipeline.processor.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The processor's meters. Tags take values from closed sets only ({@link RejectionReason}), so the number of time
 * series stays bounded whatever the orders say. Counted when decided: a task whose transaction aborts decides its
 * records again and counts them again, so under failures the counters may run slightly ahead of the committed
 * outcomes.
 */
@Component
public class ProcessingMetrics {

    private final Counter processed;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Counter deadLetters;

    public ProcessingMetrics(MeterRegistry registry) {
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
        deadLetters = Counter.builder("processor.dead.letters")
                .description("Records the processor could not read or does not act on, sent to their topic's .DLT")
                .register(registry);
    }

    public void outcome(Decision decision) {
        if (decision.isProcessed()) {
            processed.increment();
        } else {
            rejected.get(decision.rejectionReason()).increment();
        }
    }

    public void deadLetter() {
        deadLetters.increment();
    }
}
