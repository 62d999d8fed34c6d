package io.orderpipeline.orders.outbox;

/**
 * Where this instance's outbox stands, for the live page's pipeline health.
 *
 * @param publishing whether this instance holds the lease and publishes
 * @param backlog commits read but not yet acknowledged by the broker ({@code orders.outbox.backlog}; 0 on a standby)
 * @param oldestWaitingSeconds age of the oldest of them ({@code orders.outbox.lag}; 0 once caught up)
 * @param holder the lease's owner if known, this instance's or the one a standby last saw; null otherwise
 */
record OutboxStatus(boolean publishing, long backlog, double oldestWaitingSeconds, String holder) {}
