/** The transactional outbox: publishes committed events to Kafka and tells where it stands ({@code GET /outbox}). */
package io.orderpipeline.orders.outbox;
