package io.orderpipeline.orders.order;

/** An {@code Idempotency-Key} was sent again to the same endpoint with a different request; answered 422. */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request to this endpoint;"
                + " send a new key for a new request, or the identical request to get the original answer");
    }
}
