package io.orderpipeline.query.order.web;

import io.orderpipeline.query.projection.ParkedState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No order with this id in the read model; rendered as a 404 problem. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, problem(orderId, null), null);
    }

    /** The order's events are parked from its first one: it exists upstream, but not yet here. */
    OrderNotFoundException(String orderId, ParkedState parked) {
        super(HttpStatus.NOT_FOUND, problem(orderId, parked), null);
    }

    private static ProblemDetail problem(String orderId, ParkedState parked) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                parked == null
                        ? "no order " + orderId
                        : "order " + orderId + " is not in the read model: its events are parked from version "
                                + parked.firstParkedVersion() + " (" + parked.reason() + ")");
        problem.setTitle("Order not found");
        problem.setProperty("orderId", orderId);
        if (parked != null) {
            problem.setProperty("parked", parked);
        }
        return problem;
    }
}
