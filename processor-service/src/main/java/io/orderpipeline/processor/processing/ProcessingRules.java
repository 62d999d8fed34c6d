package io.orderpipeline.processor.processing;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the mock processor decides.
 *
 * @param maxQuantity orders above this quantity are rejected ({@code PROCESSOR_RULES_MAX_QUANTITY})
 */
@Validated
@ConfigurationProperties("processor.rules")
public record ProcessingRules(@DefaultValue("100") @Positive int maxQuantity) {}
