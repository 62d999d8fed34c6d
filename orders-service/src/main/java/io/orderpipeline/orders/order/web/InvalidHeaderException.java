package io.orderpipeline.orders.order.web;

/** A request header the API reads is malformed; answered 400 naming the header. */
class InvalidHeaderException extends RuntimeException {

    private final String header;

    InvalidHeaderException(String header, String reason) {
        super(reason);
        this.header = header;
    }

    String header() {
        return header;
    }
}
