package io.orderpipeline.orders.order.web;

import org.springframework.util.unit.DataSize;

/** The request body is over the configured limit; answered 413 before any of it is parsed. */
class RequestTooLargeException extends RuntimeException {

    RequestTooLargeException(DataSize limit) {
        super("the request body must be at most " + limit.toBytes() + " bytes");
    }
}
