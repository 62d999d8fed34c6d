package io.orderpipeline.processor.processing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.RecordObservations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Answers every {@link OrderProcessingRequested} of {@link Topics#PROCESSING_REQUESTS} with one outcome on {@link
 * Topics#PROCESSING_RESULTS}.
 *
 * <p>A poll's records arrive as one batch, handled in one Kafka transaction that also carries the consumed offsets:
 * every outcome of the batch and its offsets commit together or not at all, so each request has exactly one
 * committed outcome. The simulated processing times of a batch overlap, as a real processor's parallel work would:
 * the batch waits once, for its longest request, instead of once per request. The consumer's fetch settings make
 * a batch gather the requests of tens of milliseconds, so under load one transaction carries many requests.
 *
 * <p>A record that cannot be read, or is not a processing request, goes to {@code orders.processing-requests.DLT}
 * through spring-kafka's dead-letter publisher, in the same transaction, and the rest of the batch goes on. Any
 * other failure rolls the whole batch back; the after-rollback processor of kafka-support retries it with backoff.
 *
 * <p>Each request gets its own {@code orders.processing-requests receive} span, continuing the trace of the request's
 * {@code traceparent} (a new trace without one), tagged with the order and the outcome; its outcome is sent inside it,
 * so the outcome's {@code traceparent} carries the order's trace on.
 */
@Component
class ProcessingRequestListener {

    private static final LogAccessor LOG = new LogAccessor(ProcessingRequestListener.class);
    // Names the listener in its receive observations; not the @KafkaListener id, which would also be the group id.
    private static final String LISTENER_ID = "processing-requests";

    private final Decider decider;
    private final KafkaTemplate<String, EventEnvelope> kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final SimulatedCrashes crashes;
    private final ProcessingMetrics metrics;
    private final ObservationRegistry observations;
    private final Clock clock;
    private final String groupId;

    ProcessingRequestListener(
            Decider decider,
            KafkaTemplate<String, EventEnvelope> kafka,
            DeadLetterPublishingRecoverer deadLetters,
            SimulatedCrashes crashes,
            ProcessingMetrics metrics,
            ObservationRegistry observations,
            KafkaProperties kafkaProperties,
            Clock clock) {
        this.decider = decider;
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.crashes = crashes;
        this.metrics = metrics;
        this.observations = observations;
        this.clock = clock;
        this.groupId = kafkaProperties.getConsumer().getGroupId();
    }

    @KafkaListener(topics = Topics.PROCESSING_REQUESTS, batch = "true")
    void on(List<ConsumerRecord<String, EventEnvelope>> records) throws InterruptedException {
        long arrived = System.nanoTime();
        List<ConsumerRecord<String, EventEnvelope>> requests = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        List<Observation> received = new ArrayList<>();
        int deadLettered = 0;
        try {
            for (ConsumerRecord<String, EventEnvelope> record : records) {
                EventEnvelope envelope = record.value();
                if (envelope != null && envelope.event() instanceof OrderProcessingRequested request) {
                    Observation receive = RecordObservations.startReceive(record, LISTENER_ID, groupId, observations)
                            .highCardinalityKeyValue("order.id", envelope.orderId());
                    received.add(receive);
                    requests.add(record);
                    Decision decision = decider.decide(envelope.orderId(), request);
                    decisions.add(decision);
                    receive.highCardinalityKeyValue(
                            "processing.outcome", decision.isProcessed() ? "approved" : "rejected");
                } else {
                    deadLetter(record, envelope);
                    deadLettered++;
                }
            }
            if (requests.isEmpty()) {
                metrics.batch(0, deadLettered);
                return;
            }
            Thread.sleep(decisions.stream()
                    .map(Decision::processingTime)
                    .max(Comparator.naturalOrder())
                    .orElseThrow());
            int crashAfter = crashes.crashNow(
                            requests.stream().map(ConsumerRecord::value).toList())
                    ? (requests.size() + 1) / 2
                    : -1;
            for (int i = 0; i < requests.size(); i++) {
                EventEnvelope outcome = outcomeOf(requests.get(i).value(), decisions.get(i));
                // In the request's span: the template's producer span and the outcome's traceparent continue it.
                received.get(i).scoped(() -> kafka.send(Topics.PROCESSING_RESULTS, outcome.orderId(), outcome));
                if (i + 1 == crashAfter) {
                    crash(crashAfter, requests.size());
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            received.forEach(receive -> receive.error(e));
            throw e;
        } finally {
            received.forEach(Observation::stop);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - arrived);
        // counted here, past the crash point, so a retried batch is not counted twice
        decisions.forEach(decision -> metrics.outcome(decision, took));
        metrics.batch(requests.size(), deadLettered);
    }

    private void deadLetter(ConsumerRecord<String, EventEnvelope> record, EventEnvelope readable) {
        Exception reason = readable != null ? notARequest(readable) : unreadable(record);
        String why = reason.getCause() != null ? reason.getCause().getMessage() : reason.getMessage();
        LOG.warn(() ->
                "dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + why);
        deadLetters.accept(record, reason);
    }

    private static Exception unreadable(ConsumerRecord<String, EventEnvelope> record) {
        DeserializationException unreadable =
                SerializationUtils.getExceptionFromHeader(record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return unreadable != null ? unreadable : new InvalidEventException("empty value: not an event");
    }

    private static Exception notARequest(EventEnvelope envelope) {
        return new InvalidEventException(envelope.type() + " is not a processing request");
    }

    /** Makes sure what was sent so far reached the broker, so the rollback really has outcomes to discard. */
    private void crash(int sent, int total) {
        kafka.flush();
        metrics.crash();
        throw new SimulatedCrashes.SimulatedCrashException(sent, total);
    }

    private EventEnvelope outcomeOf(EventEnvelope request, Decision decision) {
        return new EventEnvelope(
                outcomeIdOf(request),
                request.orderId(),
                request.version(),
                clock.instant(),
                request.correlationId(),
                request.eventId().toString(),
                decision.outcome());
    }

    /** Derived from the request, so a re-decided request yields an outcome with the same id. */
    private static UUID outcomeIdOf(EventEnvelope request) {
        return UUID.nameUUIDFromBytes(("outcome-of:" + request.eventId()).getBytes(StandardCharsets.UTF_8));
    }
}
