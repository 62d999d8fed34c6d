package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.web.FieldErrors;
import io.orderpipeline.web.FieldErrors.FieldError;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The stock endpoints' refusals as RFC 9457 problems, in the services' shape: refused input names each field in
 * {@code errors: [{field, reason}]}. Spring MVC's own refusals (415, 405, the token check's 401/403) keep Spring's
 * problems; anything unexpected is web-support's 500 with a reference to the log.
 */
@RestControllerAdvice(assignableTypes = StockController.class)
class StockProblems extends ResponseEntityExceptionHandler {

    /** Seconds a client should wait before it asks again. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler
    ProblemDetail refused(StockChangeRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Stock change refused", e.getMessage());
        problem.setProperty("stock", StockView.of(e.stock()));
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(StockUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Stock unavailable", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = FieldErrors.of(ex.getBindingResult());
        return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The path's product and the body are checked together: a parameter is named as itself, a body by its fields. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = FieldErrors.of(ex);
        return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            body = invalid(List.of(new FieldError(unknown.getPropertyName(), "unknown property")));
        } else if (ex.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().getLast().getPropertyName();
            body = invalid(List.of(new FieldError(
                    field, mismatch.getTargetType() == String.class ? "must be a string" : "must be an integer")));
        } else if (ex.getCause() instanceof MismatchedInputException) {
            body = problem(
                    HttpStatus.BAD_REQUEST, "Malformed request body", "the request body must be one JSON object");
        } else if (ex.getCause() != null) {
            body = problem(HttpStatus.BAD_REQUEST, "Malformed request body", "the request body is not valid JSON");
        } else {
            body = problem(HttpStatus.BAD_REQUEST, "Malformed request body", "a JSON request body is required");
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        return FieldErrors.problem(errors.stream().sorted().toList());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
