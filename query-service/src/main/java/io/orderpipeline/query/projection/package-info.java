/** The projection of orders.events into PostgreSQL: exactly-once batches with their offsets, and its health. */
package io.orderpipeline.query.projection;
