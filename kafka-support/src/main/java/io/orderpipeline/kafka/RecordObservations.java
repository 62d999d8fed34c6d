package io.orderpipeline.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The receive observation of one record of a batch: spring-kafka observes record listeners only, so a batch
 * listener opens one per record itself. It is spring-kafka's own listener observation ({@code <topic> receive},
 * a consumer span continuing the record's {@code traceparent}, or a new trace where it has none), so a batch and a
 * record listener look the same in a trace.
 */
public final class RecordObservations {

    private RecordObservations() {}

    /** Started, not in scope: the caller opens its scope around the work done for this record, and stops it. */
    public static Observation startReceive(
            ConsumerRecord<?, ?> record, String listenerId, String groupId, ObservationRegistry registry) {
        KafkaRecordReceiverContext context =
                new KafkaRecordReceiverContext(record, listenerId, null, groupId, () -> null);
        return KafkaListenerObservation.LISTENER_OBSERVATION
                .observation(
                        null,
                        KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                        () -> context,
                        registry)
                .start();
    }
}
