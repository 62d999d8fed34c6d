package io.orderpipeline.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a client sends that ends up in an event or the read model: every store downstream must be able to hold it.
 * PostgreSQL refuses U+0000 in any text, an unpaired UTF-16 surrogate cannot be encoded to UTF-8, and the read model
 * bounds its columns (counted in characters, as PostgreSQL counts them). Null passes; pair with {@code @NotBlank}
 * where a value is required. For values that are not bean properties (headers), use {@link StorableTextValidator#problemWith}.
 */
@Documented
@Constraint(validatedBy = StorableTextValidator.class)
@Target({
    ElementType.FIELD,
    ElementType.PARAMETER,
    ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE,
    ElementType.ANNOTATION_TYPE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableText {

    /** The most characters (Unicode code points) allowed. */
    int max();

    String message() default "must be text every store can hold";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
