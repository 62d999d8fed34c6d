package io.orderpipeline.orders.processing;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import io.orderpipeline.orders.order.OrderService;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns each outcome into a command on its order. The command id is derived from the outcome's event id, so a
 * redelivered outcome is recognised by the event store and adds no second event.
 */
@Component
class ProcessingResultsListener {

    private final OrderService orders;

    ProcessingResultsListener(OrderService orders) {
        this.orders = orders;
    }

    @KafkaListener(topics = Topics.PROCESSING_RESULTS)
    void on(EventEnvelope outcome) {
        orders.handle(
                outcome.orderId(),
                new RecordProcessingOutcome(outcome.event()),
                new CommandMetadata(
                        "outcome:" + outcome.eventId(),
                        outcome.correlationId(),
                        outcome.eventId().toString()));
    }
}
