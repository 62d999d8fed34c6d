package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.web.StorableText;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A product name as orders-service accepts one (not blank, storable text of at most {@link StockRequests#MAX_PRODUCT}
 * characters) and of the processor's catalog ({@code processor.rules.products}); stock of anything else is never asked
 * for. Each broken rule is reported with its own reason.
 */
@NotBlank(message = "must not be blank")
@StorableText(max = StockRequests.MAX_PRODUCT)
@Documented
@Constraint(validatedBy = CatalogProductValidator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@interface CatalogProduct {

    String message() default "is not in the catalog";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
