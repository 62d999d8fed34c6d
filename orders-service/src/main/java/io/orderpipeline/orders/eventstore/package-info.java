/**
 * The MongoDB event store: one commit document per accepted command holds its events and doubles as the outbox
 * entry, so the append and the outbox write are one atomic insert without multi-document transactions.
 */
package io.orderpipeline.orders.eventstore;
