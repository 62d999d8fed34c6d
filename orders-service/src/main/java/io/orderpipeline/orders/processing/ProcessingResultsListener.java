package io.orderpipeline.orders.processing;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.commandlog.CommandLog;
import io.orderpipeline.orders.commandlog.CommandLogEntry;
import io.orderpipeline.orders.commandlog.CommandLogEntry.Outcome;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import io.orderpipeline.orders.order.OrderService;
import io.orderpipeline.orders.order.OrderState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns each outcome into a command on its order. The command id is derived from the outcome's event id, so a
 * redelivered outcome is recognised by the event store and adds no second event. Each delivery is logged in the
 * command log; one that is refused is left to the error handler (retries, then {@code orders.processing-results.DLT}).
 */
@Component
class ProcessingResultsListener {

    private final OrderService orders;
    private final CommandLog commandLog;
    private final Clock clock;

    ProcessingResultsListener(OrderService orders, CommandLog commandLog, Clock clock) {
        this.orders = orders;
        this.commandLog = commandLog;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.PROCESSING_RESULTS)
    void on(EventEnvelope outcome) {
        Instant receivedAt = clock.instant();
        long started = System.nanoTime();
        RecordProcessingOutcome command = new RecordProcessingOutcome(outcome.event());
        String commandId = "outcome:" + outcome.eventId();
        try {
            OrderState state = orders.handle(
                    outcome.orderId(),
                    command,
                    new CommandMetadata(
                            commandId,
                            outcome.correlationId(),
                            outcome.eventId().toString()));
            commandLog.record(new CommandLogEntry(
                    receivedAt,
                    "kafka",
                    command.name(),
                    outcome.orderId(),
                    commandId,
                    null,
                    state.repeated() ? Outcome.REPLAYED : Outcome.ACCEPTED,
                    0,
                    state.version(),
                    null,
                    Duration.ofNanos(System.nanoTime() - started)));
        } catch (RuntimeException refused) {
            commandLog.record(new CommandLogEntry(
                    receivedAt,
                    "kafka",
                    command.name(),
                    outcome.orderId(),
                    commandId,
                    null,
                    Outcome.REFUSED,
                    0,
                    null,
                    refused.getMessage(),
                    Duration.ofNanos(System.nanoTime() - started)));
            throw refused;
        }
    }
}
