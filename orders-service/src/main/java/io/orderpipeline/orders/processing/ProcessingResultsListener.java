package io.orderpipeline.orders.processing;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.CommandPipeline;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import java.time.Clock;
import java.util.OptionalLong;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns each outcome into a command on its order, through the same pipeline as an HTTP command. The command id is
 * derived from the outcome's event id, so a redelivered outcome is recognised by the event store, adds no second
 * event and is logged as replayed; one that is refused is left to the error handler (retries, then {@code
 * orders.processing-results.DLT}).
 */
@Component
class ProcessingResultsListener {

    private final CommandPipeline commands;
    private final Clock clock;

    ProcessingResultsListener(CommandPipeline commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.PROCESSING_RESULTS)
    void on(EventEnvelope outcome) {
        commands.run(
                outcome.orderId(),
                new RecordProcessingOutcome(outcome.event(), outcome.occurredAt()),
                new CommandMetadata(
                        "outcome:" + outcome.eventId(),
                        outcome.correlationId(),
                        outcome.eventId().toString(),
                        CommandMetadata.KAFKA,
                        null,
                        null,
                        clock.instant()),
                OptionalLong.empty());
    }
}
