package io.orderpipeline.orders.order.web;

import com.mongodb.MongoException;
import io.orderpipeline.orders.eventstore.ConcurrentAppendException;
import io.orderpipeline.orders.order.IdempotencyKeyReusedException;
import io.orderpipeline.orders.order.IllegalTransitionException;
import io.orderpipeline.orders.order.OrderNotFoundException;
import io.orderpipeline.orders.order.VersionMismatchException;
import io.orderpipeline.web.FieldErrors;
import io.orderpipeline.web.FieldErrors.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refusal as an RFC 9457 problem ({@code application/problem+json}). Refusals of input name each offending
 * field, header or parameter in {@code errors: [{field, reason}]}; nothing from an exception's class or a driver's
 * message reaches the client, unexpected failures are answered with a reference to the server log instead.
 */
@RestControllerAdvice
class OrderProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderProblems.class);
    private static final JsonMapper BODY_READER = JsonMapper.builder().build();

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Order not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Command not allowed in this status", e.getMessage());
        problem.setProperty("command", e.command());
        problem.setProperty("currentStatus", e.status());
        problem.setProperty("allowedCommands", e.allowedCommands());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(ConcurrentAppendException e) {
        return problem(
                HttpStatus.CONFLICT,
                "Order changed concurrently",
                e.getMessage() + "; another command won, read the order again before retrying");
    }

    @ExceptionHandler
    ProblemDetail versionMismatch(VersionMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "Stale order version", e.getMessage());
        problem.setProperty("expectedVersion", e.expectedVersion());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidHeader(InvalidHeaderException e) {
        return invalid(List.of(new FieldError(e.header(), e.getMessage())));
    }

    @ExceptionHandler
    ProblemDetail tooLarge(RequestTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage());
    }

    /** The store did not answer: the command may be retried; the driver's words stay in the log. */
    @ExceptionHandler({MongoException.class, DataAccessException.class})
    ProblemDetail storeUnavailable(RuntimeException e) {
        return logged(
                e,
                "Order store failed",
                HttpStatus.SERVICE_UNAVAILABLE,
                "Order store unavailable",
                "the order store did not complete the request; retry later");
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        return logged(
                e,
                "Unexpected failure",
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "the request could not be completed");
    }

    /** The failure goes to the log under a fresh reference; the client gets only the reference. */
    private static ProblemDetail logged(
            Exception e, String logMessage, HttpStatus status, String title, String detail) {
        String reference = UUID.randomUUID().toString();
        log.error("{} (reference {})", logMessage, reference, e);
        ProblemDetail problem = problem(status, title, detail + " (reference " + reference + ")");
        problem.setProperty("reference", reference);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = FieldErrors.of(ex.getBindingResult());
        return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Constraints on a handler's parameters (the path's order id) are checked together with its body: a parameter is
     * named as itself, a body's errors by their fields.
     */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = FieldErrors.of(ex);
        return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected =
                ex.getRequiredType() != null && java.time.temporal.Temporal.class.isAssignableFrom(ex.getRequiredType())
                        ? "an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z"
                        : "a valid " + typeName(ex.getRequiredType());
        ProblemDetail body = invalid(List.of(new FieldError(field, "must be " + expected)));
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            body = invalid(unknownProperties(unknown, request));
        } else if (ex.getCause() instanceof MismatchedInputException mismatch) {
            body = mismatch.getPath().isEmpty()
                    ? malformed("the request body must be one JSON object")
                    : invalid(
                            List.of(new FieldError(pathOf(mismatch), "must be " + typeName(mismatch.getTargetType()))));
        } else if (ex.getCause() instanceof StreamReadException malformed) {
            body = malformed("the request body is not valid JSON" + at(malformed));
        } else if (ex.getCause() instanceof JacksonException other) {
            body = malformed("the request body is not readable JSON" + at(other));
        } else {
            body = malformed("a JSON request body is required");
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Jackson stops at the first unknown property; the cached body lets the answer name every one of them. */
    private static List<FieldError> unknownProperties(UnrecognizedPropertyException e, WebRequest request) {
        Set<String> known =
                e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.toSet());
        String reason =
                "unknown property; allowed are " + known.stream().sorted().collect(Collectors.joining(", "));
        Set<String> unknown = new LinkedHashSet<>(propertyNamesOf(request));
        unknown.removeAll(known);
        unknown.add(e.getPropertyName());
        List<FieldError> errors = new ArrayList<>();
        unknown.forEach(name -> errors.add(new FieldError(name, reason)));
        return errors;
    }

    private static List<String> propertyNamesOf(WebRequest request) {
        if (!(request.getAttribute(RequestBodyLimitFilter.BODY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof byte[] body)) {
            return List.of();
        }
        try {
            JsonNode root = BODY_READER.readTree(body);
            return root != null && root.isObject() ? List.copyOf(root.propertyNames()) : List.of();
        } catch (JacksonException malformedFurtherOn) {
            // The body breaks after the first unknown property: name that one, the parser's answer for the rest.
            return List.of();
        }
    }

    private static String pathOf(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String at(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value of the documented type";
        }
        return switch (type.getSimpleName()) {
            case "Integer", "int", "Long", "long", "Short", "short" -> "an integer";
            case "String" -> "a string";
            case "Boolean", "boolean" -> "true or false";
            default -> "a " + type.getSimpleName();
        };
    }

    private static ProblemDetail malformed(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail);
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        return FieldErrors.problem(errors);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
