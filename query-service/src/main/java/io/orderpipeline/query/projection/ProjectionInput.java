package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;

/**
 * One record of the log as the projection sees it: its position and either the event or why it cannot be read.
 *
 * @param envelope the event, or {@code null} when the record is unreadable
 * @param unreadable why the record could not be read, or {@code null}
 */
record ProjectionInput(int partition, long offset, EventEnvelope envelope, String unreadable) {

    static ProjectionInput event(int partition, long offset, EventEnvelope envelope) {
        return new ProjectionInput(partition, offset, envelope, null);
    }

    static ProjectionInput unreadable(int partition, long offset, String reason) {
        return new ProjectionInput(partition, offset, null, reason);
    }
}
