-- The current view of each order. Every column derives from the events alone (no wall clock), so a model
-- rebuilt from the log equals the live one row for row.
CREATE TABLE orders (
    order_id                varchar(100) PRIMARY KEY,
    customer_id             varchar(200) NOT NULL,
    product                 varchar(200) NOT NULL,
    quantity                integer      NOT NULL,
    status                  varchar(20)  NOT NULL,
    version                 bigint       NOT NULL,
    reason                  text,
    created_at              timestamptz  NOT NULL,
    processing_requested_at timestamptz,
    processed_at            timestamptz,
    rejected_at             timestamptz,
    shipped_at              timestamptz,
    delivered_at            timestamptz,
    cancelled_at            timestamptz,
    updated_at              timestamptz  NOT NULL
);

-- The list endpoint filters by one of these and pages in (created_at, order_id) order.
CREATE INDEX orders_status_created ON orders (status, created_at, order_id);
CREATE INDEX orders_customer_created ON orders (customer_id, created_at, order_id);
CREATE INDEX orders_product_created ON orders (product, created_at, order_id);
CREATE INDEX orders_created ON orders (created_at, order_id);

-- One row per applied event: the status timeline of an order.
CREATE TABLE order_history (
    order_id       varchar(100) NOT NULL,
    version        bigint       NOT NULL,
    event_id       uuid         NOT NULL,
    event_type     varchar(50)  NOT NULL,
    status         varchar(20)  NOT NULL,
    reason         text,
    occurred_at    timestamptz  NOT NULL,
    correlation_id varchar(200) NOT NULL,
    PRIMARY KEY (order_id, version)
);

-- Where the projection stands in the log, written in the same transaction as the rows it produced.
CREATE TABLE projection_offsets (
    topic         varchar(249) NOT NULL,
    partition     integer      NOT NULL,
    next_offset   bigint       NOT NULL,
    last_event_at timestamptz,
    PRIMARY KEY (topic, partition)
);
