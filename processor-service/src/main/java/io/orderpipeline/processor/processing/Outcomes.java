package io.orderpipeline.processor.processing;

import io.orderpipeline.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The envelope of a request's outcome: it answers the request, in its order's stream and trace of causes. */
public final class Outcomes {

    private Outcomes() {}

    /**
     * The outcome of a request: the request's version and correlation, caused by the request, with an id derived from
     * the request's, so a request decided twice gets an outcome with the same id.
     */
    public static EventEnvelope of(
            UUID requestEventId, String orderId, long version, String correlationId, Decision decision, Instant at) {
        return new EventEnvelope(
                UUID.nameUUIDFromBytes(("outcome-of:" + requestEventId).getBytes(StandardCharsets.UTF_8)),
                orderId,
                version,
                at,
                correlationId,
                requestEventId.toString(),
                decision.outcome());
    }
}
