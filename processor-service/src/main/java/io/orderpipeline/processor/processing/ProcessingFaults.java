package io.orderpipeline.processor.processing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chaos switch to watch exactly-once at work: crashes that a real processor suffers (a dying pod, a broker hiccup),
 * simulated on purpose. Off by default.
 *
 * @param crashRate share of processing requests whose first attempt crashes their batch after half of the batch's
 *     outcomes reached the broker, before the Kafka transaction commits; the batch is rolled back and retried with
 *     backoff, and the retry succeeds ({@code PROCESSOR_FAULTS_CRASH_RATE}, between 0 and 1, default 0)
 */
@Validated
@ConfigurationProperties("processor.faults")
public record ProcessingFaults(
        @DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0")
        double crashRate) {}
