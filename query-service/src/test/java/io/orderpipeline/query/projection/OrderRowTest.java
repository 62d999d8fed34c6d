package io.orderpipeline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderDelivered;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import io.orderpipeline.events.OrderShipped;
import io.orderpipeline.query.order.OrderStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each event stamps the time of the status it leads to, and keeps every earlier stamp. */
class OrderRowTest {

    @Test
    void stampsEveryStatusOfADeliveredOrder() {
        OrderRow row = OrderRow.start(at(1, new OrderCreated("c", "laptop", 2)))
                .apply(at(2, new OrderProcessingRequested("c", "laptop", 2)))
                .apply(at(3, new OrderProcessed()))
                .apply(at(4, new OrderShipped()))
                .apply(at(5, new OrderDelivered()));

        assertThat(row.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(row.version()).isEqualTo(5);
        assertThat(row.createdAt()).isEqualTo(minute(1));
        assertThat(row.processingRequestedAt()).isEqualTo(minute(2));
        assertThat(row.processedAt()).isEqualTo(minute(3));
        assertThat(row.shippedAt()).isEqualTo(minute(4));
        assertThat(row.deliveredAt()).isEqualTo(minute(5));
        assertThat(row.updatedAt()).isEqualTo(minute(5));
        assertThat(row.rejectedAt()).isNull();
        assertThat(row.cancelledAt()).isNull();
        assertThat(row.reason()).isNull();
    }

    @Test
    void keepsTheReasonOfARejectionAndOfACancellation() {
        OrderRow requested = OrderRow.start(at(1, new OrderCreated("c", "laptop", 2)))
                .apply(at(2, new OrderProcessingRequested("c", "laptop", 2)));

        OrderRow rejected = requested.apply(at(3, new OrderRejected("no stock")));
        OrderRow cancelled = OrderRow.start(at(1, new OrderCreated("c", "laptop", 2)))
                .apply(at(2, new OrderCancelled("changed my mind")));

        assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.rejectedAt()).isEqualTo(minute(3));
        assertThat(rejected.reason()).isEqualTo("no stock");
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(minute(2));
        assertThat(cancelled.reason()).isEqualTo("changed my mind");
        assertThat(cancelled.processingRequestedAt()).isNull();
    }

    @Test
    void refusesASecondCreation() {
        OrderRow created = OrderRow.start(at(1, new OrderCreated("c", "laptop", 2)));

        assertThatThrownBy(() -> created.apply(at(2, new OrderCreated("c", "laptop", 2))))
                .isInstanceOf(UnprojectableEventException.class)
                .hasMessageContaining("created a second time");
    }

    private static EventEnvelope at(int version, OrderEvent event) {
        return new EventEnvelope(UUID.randomUUID(), "o-1", version, minute(version), "corr", "cause", event);
    }

    private static Instant minute(int minute) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute);
    }
}
