package io.orderpipeline.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.BindingResult;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The {@code errors: [{field, reason}]} of a 400 problem, one shape for every service: what failed validation, named
 * as the client wrote it — a body's fields by their names, a handler's parameters (a path's product or order id) as
 * themselves.
 */
public final class FieldErrors {

    /** One broken rule; ordered by field, so an answer lists them the same way every time. */
    public record FieldError(String field, String reason) implements Comparable<FieldError> {

        @Override
        public int compareTo(FieldError other) {
            return field.compareTo(other.field);
        }

        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    private FieldErrors() {}

    /** A body's field errors, by field. */
    public static List<FieldError> of(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .sorted()
                .toList();
    }

    /** A handler's parameters checked together with its body: a parameter named as itself, a body by its fields. */
    public static List<FieldError> of(HandlerMethodValidationException ex) {
        return ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors body
                        ? body.getFieldErrors().stream()
                                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                        : result.getResolvableErrors().stream()
                                .map(error -> new FieldError(
                                        String.valueOf(
                                                result.getMethodParameter().getParameterName()),
                                        error.getDefaultMessage())))
                .sorted()
                .toList();
    }

    /** 400 "Invalid request": the errors in the detail, in the given order, and as {@code errors}. */
    public static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperty(
                "errors",
                errors.stream()
                        .map(error -> Map.of("field", error.field(), "reason", error.reason()))
                        .toList());
        return problem;
    }

    /** The same for errors given one by one. */
    public static ProblemDetail problem(FieldError... errors) {
        return problem(Stream.of(errors).toList());
    }
}
