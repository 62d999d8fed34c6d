package io.orderpipeline.processor.inventory.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A product of the processor's catalog ({@code processor.rules.products}); stock of anything else is never asked for. */
@Documented
@Constraint(validatedBy = CatalogProductValidator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@interface CatalogProduct {

    String message() default "is not in the catalog";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
