-- The hops of each event's timeline: committed to MongoDB (header committed-at), sent to Kafka (the record's
-- timestamp), decided by the processor (header decided-at, outcomes only), stored here (projected_at). Null when a
-- record did not carry one. projected_at is wall clock, the one column a rebuilt model does not share with the live one.
ALTER TABLE order_history
    ADD COLUMN committed_at timestamptz,
    ADD COLUMN published_at timestamptz,
    ADD COLUMN projected_at timestamptz,
    ADD COLUMN decided_at   timestamptz;

-- A parked event keeps the hops its record carried until it is applied.
ALTER TABLE parked_events
    ADD COLUMN committed_at timestamptz,
    ADD COLUMN published_at timestamptz,
    ADD COLUMN decided_at   timestamptz;

-- When an order last changed in the read model: the live page's stream reads the orders changed since it last looked.
ALTER TABLE orders ADD COLUMN projected_at timestamptz;
CREATE INDEX orders_projected ON orders (projected_at);
