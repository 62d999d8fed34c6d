package io.orderpipeline.orders.outbox;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param batchSize commits read and published per round ({@code ORDERS_OUTBOX_BATCH_SIZE})
 * @param pollInterval how often the relay looks for commits it was not told about, e.g. left by a crashed instance
 * @param sendTimeout how long the relay waits for the broker to acknowledge a round before retrying it
 */
@Validated
@ConfigurationProperties("orders.outbox")
public record OutboxProperties(
        @DefaultValue("500") @Positive int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration sendTimeout) {}
