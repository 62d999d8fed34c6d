package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.eventstore.ConcurrentAppendException;
import io.orderpipeline.orders.order.IllegalTransitionException;
import io.orderpipeline.orders.order.OrderNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Domain refusals as RFC 9457 problem details; Spring's own handler covers malformed requests. */
@RestControllerAdvice
class OrderProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Order not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Command not allowed in this status");
        problem.setProperty("status", e.status());
        problem.setProperty("allowedCommands", e.allowedCommands());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(ConcurrentAppendException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Order changed concurrently");
        return problem;
    }
}
