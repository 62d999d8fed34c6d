package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.processing.ProcessingRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Set;
import java.util.TreeSet;

/** Checks {@link CatalogProduct} against the catalog the processor decides orders with (Spring injects the rules). */
class CatalogProductValidator implements ConstraintValidator<CatalogProduct, String> {

    private final Set<String> products;
    private final String reason;

    CatalogProductValidator(ProcessingRules rules) {
        this.products = Set.copyOf(rules.products());
        // Escaped: a constraint message is a template, and the names come from configuration.
        this.reason = ("is not in the catalog; known are " + String.join(", ", new TreeSet<>(products)))
                .replaceAll("([{}$\\\\])", "\\\\$1");
    }

    @Override
    public boolean isValid(String product, ConstraintValidatorContext context) {
        if (product == null || products.contains(product)) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
        return false;
    }
}
