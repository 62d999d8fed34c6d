package io.orderpipeline.query.order.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No order with this id in the read model; rendered as a 404 problem. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, problem(orderId), null);
    }

    private static ProblemDetail problem(String orderId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no order " + orderId);
        problem.setTitle("Order not found");
        problem.setProperty("orderId", orderId);
        return problem;
    }
}
