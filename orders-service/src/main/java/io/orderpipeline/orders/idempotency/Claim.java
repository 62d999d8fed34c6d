package io.orderpipeline.orders.idempotency;

/** What the store says about a keyed request. */
public sealed interface Claim {

    /**
     * Go ahead under this command id. A key first seen gets a new id; a key whose first request has not recorded an
     * answer (still running, or its instance died) gets the same id again, so the event store's unique command id
     * still lets only one of them have an effect.
     */
    record Proceed(String commandId) implements Claim {}

    /** The same request was answered before: send that answer again. */
    record Replay(StoredResponse response) implements Claim {}

    /** The key was used for a different request to this endpoint. */
    record Conflict() implements Claim {}
}
