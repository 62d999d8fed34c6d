package io.orderpipeline.query.order.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A query parameter that cannot be used; rendered as a 400 problem naming the parameter. */
class InvalidParameterException extends ErrorResponseException {

    InvalidParameterException(String parameter, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, reason), null);
    }

    private static ProblemDetail problem(String parameter, String reason) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "parameter '" + parameter + "' " + reason);
        problem.setTitle("Invalid query parameter");
        problem.setProperty("parameter", parameter);
        return problem;
    }
}
