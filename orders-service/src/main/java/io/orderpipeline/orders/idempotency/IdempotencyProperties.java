package io.orderpipeline.orders.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param keyTtl how long a key is remembered after its first use ({@code ORDERS_IDEMPOTENCY_KEY_TTL}) */
@Validated
@ConfigurationProperties("orders.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") @NotNull Duration keyTtl) {}
