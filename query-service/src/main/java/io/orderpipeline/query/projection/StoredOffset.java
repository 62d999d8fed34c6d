package io.orderpipeline.query.projection;

import java.time.Instant;

/** A partition's position as stored with the model, and when its last applied event occurred. */
record StoredOffset(long nextOffset, Instant lastEventAt) {}
