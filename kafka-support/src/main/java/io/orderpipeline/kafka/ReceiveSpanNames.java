package io.orderpipeline.kafka;

import io.micrometer.observation.GlobalObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Names every record's consumer span {@code <topic> receive}, the name the pipeline's traces are read by (spring-kafka
 * 4 says {@code <topic> process}); everything else is spring-kafka's. Global, so it applies to the containers' own
 * observations and to the ones batch listeners open ({@link RecordObservations}) alike.
 */
class ReceiveSpanNames extends DefaultKafkaListenerObservationConvention
        implements GlobalObservationConvention<KafkaRecordReceiverContext> {

    @Override
    public String getContextualName(KafkaRecordReceiverContext context) {
        return context.getSource() + " receive";
    }
}
