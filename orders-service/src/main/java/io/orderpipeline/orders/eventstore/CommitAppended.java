package io.orderpipeline.orders.eventstore;

/** Published in-process after a commit is durable, so the outbox relay can send it at once instead of polling. */
public record CommitAppended(Commit commit) {}
