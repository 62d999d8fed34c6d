package io.orderpipeline.query.projection;

import java.time.Instant;

/**
 * How far a batch moved one partition.
 *
 * @param nextOffset the offset to read next
 * @param lastEventAt when the last event read there occurred, or {@code null} if none was read
 */
record PartitionProgress(long nextOffset, Instant lastEventAt) {}
