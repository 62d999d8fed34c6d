package io.orderpipeline.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a failing record is retried before it goes to the dead-letter topic.
 *
 * @param initialInterval wait before the first retry, doubled each time ({@code PIPELINE_KAFKA_RETRY_INITIAL_INTERVAL})
 * @param maxAttempts retries before giving up ({@code PIPELINE_KAFKA_RETRY_MAX_ATTEMPTS})
 */
@ConfigurationProperties("pipeline.kafka.retry")
public record KafkaRetryProperties(
        @DefaultValue("200ms") Duration initialInterval,
        @DefaultValue("4") int maxAttempts) {}
