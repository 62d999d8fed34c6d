package io.orderpipeline.query.order;

import java.time.Instant;

/** That an order reached a version in the read model, and when the projection stored it. */
public record OrderChange(String orderId, long version, Instant projectedAt) {}
