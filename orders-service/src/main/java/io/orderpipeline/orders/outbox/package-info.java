/** The transactional outbox relay: publishes committed events to Kafka, then marks them published. */
package io.orderpipeline.orders.outbox;
