package io.orderpipeline.query.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One product's stock as the inventory projection keeps it. Read-only: only the projection writes, with JDBC. */
@Entity
@Table(name = "inventory")
class StockView {

    @Id
    private String product;

    private long onHand;
    private long reserved;

    @Column(insertable = false, updatable = false)
    private long available;

    private long version;
    private Instant changedAt;
    private Instant projectedAt;

    protected StockView() {}

    String product() {
        return product;
    }

    long onHand() {
        return onHand;
    }

    long reserved() {
        return reserved;
    }

    long available() {
        return available;
    }

    long version() {
        return version;
    }

    Instant changedAt() {
        return changedAt;
    }
}
