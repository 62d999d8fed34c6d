-- Events of orders the projection cannot go on with, parked per order while the rest of their partition flows
-- (like Axon's dead-letter sequences). The first (lowest) version of an order is what it waits on; the others wait
-- behind it. Written in the same transaction as the offsets that stepped past them.
CREATE TABLE parked_events (
    order_id   varchar(100) NOT NULL,
    version    bigint       NOT NULL,
    -- GAP: an earlier version is missing; REFUSED: PostgreSQL refused the row; UNPROJECTABLE: the stream cannot
    -- have this event; BEHIND: waits behind an earlier parked version.
    cause      varchar(20)  NOT NULL,
    reason     text         NOT NULL,
    partition  integer      NOT NULL,
    "offset"   bigint       NOT NULL,
    -- The envelope as JSON bytes: jsonb (and text) cannot hold a NUL, which may be the very reason it is parked.
    envelope   bytea        NOT NULL,
    parked_at  timestamptz  NOT NULL,
    PRIMARY KEY (order_id, version)
);

-- What an operator skipped, and who, when and why. Not a generation of the model: a rebuild reads it too, so a
-- rebuilt model steps over the same versions as the live one.
CREATE TABLE parked_skips (
    order_id   varchar(100) NOT NULL,
    version    bigint       NOT NULL,
    envelope   bytea,
    reason     text         NOT NULL,
    skipped_by text         NOT NULL,
    why        text         NOT NULL,
    skipped_at timestamptz  NOT NULL,
    PRIMARY KEY (order_id, version)
);
