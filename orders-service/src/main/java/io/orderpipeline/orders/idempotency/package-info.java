/** Idempotency keys: one record per (endpoint, key) remembers the request's fingerprint and the answer it got. */
package io.orderpipeline.orders.idempotency;
