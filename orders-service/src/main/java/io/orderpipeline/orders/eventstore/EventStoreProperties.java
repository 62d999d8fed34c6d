package io.orderpipeline.orders.eventstore;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBatchSize most commits written in one insert ({@code ORDERS_EVENT_STORE_MAX_BATCH_SIZE})
 * @param writeTimeout how long an append waits for MongoDB before it fails, and the command with it (503) ({@code
 *     ORDERS_EVENT_STORE_WRITE_TIMEOUT})
 */
@Validated
@ConfigurationProperties("orders.event-store")
record EventStoreProperties(
        @DefaultValue("256") @Positive int maxBatchSize,
        @DefaultValue("5s") Duration writeTimeout) {}
