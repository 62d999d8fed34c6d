package io.orderpipeline.processor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Infrastructure settings of the processor; the decision rules are in {@code processing.ProcessingRules}
 * ({@code processor.rules.*}), the chaos switch in {@code processing.ProcessingFaults} ({@code processor.faults.*}).
 *
 * @param topics the topics this service creates
 * @param health how the Kafka health check behaves
 */
@Validated
@ConfigurationProperties("processor")
public record ProcessorSettings(
        @DefaultValue @Valid Topics topics,
        @DefaultValue @Valid Health health) {

    /**
     * @param partitions partitions of {@code orders.processing-results} and {@code orders.processing-requests.DLT} when this
     *     service creates them ({@code PROCESSOR_TOPICS_PARTITIONS}, default 3)
     */
    public record Topics(@DefaultValue("3") @Positive int partitions) {}

    /**
     * @param kafkaTimeout how long the health check waits for the cluster to answer
     *     ({@code PROCESSOR_HEALTH_KAFKA_TIMEOUT}, default 2s)
     */
    public record Health(
            @DefaultValue("2s") @DurationMin(millis = 100) @DurationMax(seconds = 30)
            Duration kafkaTimeout) {}
}
