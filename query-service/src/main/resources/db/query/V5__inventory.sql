-- The stock of each product, as of the newest event of its stream on inventory.events. Every column but projected_at
-- derives from the events alone, so a model rebuilt from the log equals the live one row for row.
CREATE TABLE inventory (
    product      varchar(200) PRIMARY KEY,
    on_hand      bigint       NOT NULL,
    reserved     bigint       NOT NULL,
    -- Derived by PostgreSQL, so it can never disagree with the two counts it comes from.
    available    bigint       GENERATED ALWAYS AS (on_hand - reserved) STORED,
    version      bigint       NOT NULL,
    -- The event's occurredAt: when processor-service decided the change.
    changed_at   timestamptz  NOT NULL,
    projected_at timestamptz  NOT NULL
);
-- GET /inventory lists by product: the primary key's index serves it; no other index is needed.
