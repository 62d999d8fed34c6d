package io.orderpipeline.orders.commandlog;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBatchSize most entries written in one insert ({@code ORDERS_COMMAND_LOG_MAX_BATCH_SIZE})
 * @param writeTimeout how long a request waits for its entry to be written before answering without it ({@code
 *     ORDERS_COMMAND_LOG_WRITE_TIMEOUT})
 */
@Validated
@ConfigurationProperties("orders.command-log")
public record CommandLogProperties(
        @DefaultValue("256") @Positive int maxBatchSize,
        @DefaultValue("5s") Duration writeTimeout) {}
