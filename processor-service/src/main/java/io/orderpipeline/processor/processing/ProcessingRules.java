package io.orderpipeline.processor.processing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the processor decides a request before it looks at stock. Every decision is a function of these settings and
 * the order id, so a replay decides the same way.
 *
 * @param maxQuantity orders above this quantity are rejected ({@code PROCESSOR_RULES_MAX_QUANTITY}, default 100)
 * @param products the catalog: an order for any other product is rejected ({@code PROCESSOR_RULES_PRODUCTS}, comma
 *     separated)
 * @param failureRate share of otherwise acceptable orders rejected as a failed fulfilment, between 0 and 1
 *     ({@code PROCESSOR_RULES_FAILURE_RATE}, default 0)
 */
@Validated
@ConfigurationProperties("processor.rules")
public record ProcessingRules(
        @DefaultValue("100") @Positive int maxQuantity,

        @DefaultValue({
            "laptop",
            "phone",
            "tablet",
            "monitor",
            "keyboard",
            "mouse",
            "headphones",
            "camera",
            "printer",
            "speaker"
        })
        @NotEmpty
        Set<String> products,

        @DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0")
        double failureRate) {}
