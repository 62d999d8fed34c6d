package io.orderpipeline.processor.processing;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers every {@link OrderProcessingRequested} with one outcome on {@link Topics#PROCESSING_RESULTS}. The send and
 * the consumed offset commit in one Kafka transaction (the container runs with a transaction manager), so each
 * request has exactly one committed outcome.
 */
@Component
class ProcessingRequestListener {

    private final Decider decider;
    private final KafkaTemplate<String, EventEnvelope> kafka;
    private final Clock clock;

    ProcessingRequestListener(Decider decider, KafkaTemplate<String, EventEnvelope> kafka, Clock clock) {
        this.decider = decider;
        this.kafka = kafka;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS)
    void on(EventEnvelope envelope) {
        if (envelope.event() instanceof OrderProcessingRequested request) {
            kafka.send(Topics.PROCESSING_RESULTS, envelope.orderId(), outcomeOf(envelope, request));
        }
    }

    private EventEnvelope outcomeOf(EventEnvelope requestEnvelope, OrderProcessingRequested request) {
        return new EventEnvelope(
                outcomeIdOf(requestEnvelope),
                requestEnvelope.orderId(),
                requestEnvelope.version(),
                clock.instant(),
                requestEnvelope.correlationId(),
                requestEnvelope.eventId().toString(),
                decider.decide(request));
    }

    /** Derived from the request, so a re-decided request yields an outcome with the same id. */
    private static UUID outcomeIdOf(EventEnvelope request) {
        return UUID.nameUUIDFromBytes(("outcome-of:" + request.eventId()).getBytes(StandardCharsets.UTF_8));
    }
}
