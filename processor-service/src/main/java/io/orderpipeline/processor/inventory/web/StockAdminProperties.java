package io.orderpipeline.processor.inventory.web;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param token the bearer token the {@code /inventory} endpoints require; empty (the default) refuses every request,
 *     as query-service's rebuild does ({@code PROCESSOR_ADMIN_TOKEN})
 * @param replyTimeout how long a stock change waits for the topology's answer before it is answered 503
 *     ({@code PROCESSOR_ADMIN_REPLY_TIMEOUT}, default 5s)
 * @param forwardTimeout how long a read waits for the instance that owns the product ({@code
 *     PROCESSOR_ADMIN_FORWARD_TIMEOUT}, default 2s)
 */
@Validated
@ConfigurationProperties("processor.admin")
record StockAdminProperties(
        @DefaultValue("") String token,

        @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(seconds = 60)
        Duration replyTimeout,

        @DefaultValue("2s") @DurationMin(millis = 100) @DurationMax(seconds = 60)
        Duration forwardTimeout) {}
