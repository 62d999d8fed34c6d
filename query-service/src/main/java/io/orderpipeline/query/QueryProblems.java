package io.orderpipeline.query;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of query-service as an RFC 9457 problem ({@code application/problem+json}), Spring MVC's own ones
 * included (this replaces Spring Boot's handler). Nothing from a driver's message or an exception's class reaches
 * the client: a database that does not answer is a 503 with {@code Retry-After}; anything else unexpected is a 500
 * with a reference to the server log.
 */
@RestControllerAdvice
class QueryProblems extends ResponseEntityExceptionHandler {

    /** Seconds a client should wait before it asks again while the database is away. */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger log = LoggerFactory.getLogger(QueryProblems.class);

    /**
     * A failed read: PostgreSQL unreachable, frozen or too slow (no connection within the pool's connection timeout,
     * no answer within the driver's socket timeout) is a 503 the client may retry, with one line in the log rather
     * than a stack trace per request; any other database failure is a 500.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> databaseFailed(RuntimeException e) {
        if (!unavailable(e)) {
            return ResponseEntity.internalServerError().body(logged(e, "Read model query failed"));
        }
        log.warn("Read model database unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "the read model's database did not answer in time; retry later");
        problem.setTitle("Read model unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    /**
     * Whether the failure says the database is away rather than the query wrong: Spring's transient and resource
     * failures, or anywhere beneath them a broken connection (SQLSTATE class 08, 57P0x), a pool that gave no
     * connection, a socket that timed out, or a transaction that could not even be rolled back. After a timeout the
     * rollback fails too and its exception replaces the query's, so the outer exception alone does not tell.
     */
    static boolean unavailable(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A constraint on a path variable or parameter (the product of {@code GET /inventory/{product}}): a 400 naming
     * the parameter, like the hand-checked parameters of the order queries.
     */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ParameterValidationResult first = ex.getParameterValidationResults().getFirst();
        String parameter = String.valueOf(first.getMethodParameter().getParameterName());
        String reason = first.getResolvableErrors().stream()
                .map(MessageSourceResolvable::getDefaultMessage)
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "parameter '" + parameter + "' " + reason);
        problem.setTitle("Invalid query parameter");
        problem.setProperty("parameter", parameter);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        return logged(e, "Unexpected failure");
    }

    /** The failure goes to the log under a fresh reference; the client gets only the reference. */
    private static ProblemDetail logged(Exception e, String logMessage) {
        String reference = UUID.randomUUID().toString();
        log.error("{} (reference {})", logMessage, reference, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "the request could not be completed (reference " + reference + ")");
        problem.setTitle("Internal error");
        problem.setProperty("reference", reference);
        return problem;
    }
}
