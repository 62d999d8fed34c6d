package io.orderpipeline.query.order;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One applied event of an order and the status it led to. Read-only, like {@link OrderView}. */
@Entity
@Table(name = "order_history")
@IdClass(OrderHistoryEntry.Key.class)
public class OrderHistoryEntry {

    record Key(String orderId, long version) implements Serializable {}

    @Id
    private String orderId;

    @Id
    private long version;

    private UUID eventId;
    private String eventType;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    private String reason;
    private Instant occurredAt;
    private String correlationId;
    private String traceId;
    private Instant committedAt;
    private Instant publishedAt;
    private Instant projectedAt;
    private Instant decidedAt;

    protected OrderHistoryEntry() {}

    public String orderId() {
        return orderId;
    }

    public long version() {
        return version;
    }

    public UUID eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public OrderStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String correlationId() {
        return correlationId;
    }

    /** The W3C trace id of the command that produced the event; {@code null} if it travelled without one. */
    public String traceId() {
        return traceId;
    }

    /** When orders-service committed the event; {@code null} if its record did not say. */
    public Instant committedAt() {
        return committedAt;
    }

    /** When its record reached Kafka (the record's timestamp). */
    public Instant publishedAt() {
        return publishedAt;
    }

    /** When the projection stored it. */
    public Instant projectedAt() {
        return projectedAt;
    }

    /** When processor-service decided the outcome the event records; {@code null} for any other event. */
    public Instant decidedAt() {
        return decidedAt;
    }
}
