package io.orderpipeline.query;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
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
     * PostgreSQL unreachable, frozen or too slow: no connection within the pool's connection timeout, or no answer
     * within the driver's socket timeout. The client may retry; one line in the log, not a stack trace per request.
     */
    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        log.warn("Read model database unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "the read model's database did not answer in time; retry later");
        problem.setTitle("Read model unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail databaseError(DataAccessException e) {
        return logged(e, "Read model query failed");
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
