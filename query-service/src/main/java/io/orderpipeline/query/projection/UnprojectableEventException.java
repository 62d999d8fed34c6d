package io.orderpipeline.query.projection;

/** A readable event that cannot be part of its order's stream (e.g. a stream not starting with OrderCreated). */
class UnprojectableEventException extends RuntimeException {

    UnprojectableEventException(String reason) {
        super(reason);
    }
}
