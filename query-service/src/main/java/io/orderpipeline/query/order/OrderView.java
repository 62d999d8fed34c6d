package io.orderpipeline.query.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The current view of one order, as the projection keeps it. Read-only: only the projection writes, with JDBC. */
@Entity
@Table(name = "orders")
public class OrderView {

    @Id
    private String orderId;

    private String customerId;
    private String product;
    private int quantity;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    private long version;
    private String reason;
    private Instant createdAt;
    private Instant processingRequestedAt;
    private Instant processedAt;
    private Instant rejectedAt;
    private Instant shippedAt;
    private Instant deliveredAt;
    private Instant cancelledAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    private Instant projectedAt;

    protected OrderView() {}

    public String orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public String product() {
        return product;
    }

    public int quantity() {
        return quantity;
    }

    public OrderStatus status() {
        return status;
    }

    public long version() {
        return version;
    }

    /** Why the order was rejected or cancelled, if it was. */
    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant processingRequestedAt() {
        return processingRequestedAt;
    }

    public Instant processedAt() {
        return processedAt;
    }

    public Instant rejectedAt() {
        return rejectedAt;
    }

    public Instant shippedAt() {
        return shippedAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** When the projection last changed this row (PostgreSQL's clock); not part of the API. */
    public Instant projectedAt() {
        return projectedAt;
    }
}
