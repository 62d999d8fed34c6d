package io.orderpipeline.events;

/** A record that is not a readable event of this contract; the message says why, for the dead-letter headers. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
