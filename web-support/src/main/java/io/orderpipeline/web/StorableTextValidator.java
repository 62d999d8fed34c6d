package io.orderpipeline.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link StorableText}, answering the reason as the violation's message. */
public class StorableTextValidator implements ConstraintValidator<StorableText, String> {

    private int max;

    @Override
    public void initialize(StorableText constraint) {
        this.max = constraint.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        String problem = problemWith(value, max);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The reasons are fixed words and numbers, nothing a message template would interpolate.
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /**
     * Why no store downstream can hold {@code text}, in words for the client; null if it can.
     *
     * @param max the most characters (Unicode code points) allowed
     */
    public static String problemWith(String text, int max) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate (not encodable as UTF-8)";
            }
        }
        if (text.codePointCount(0, text.length()) > max) {
            return "must be at most " + max + " characters";
        }
        return null;
    }
}
