package io.orderpipeline.orders.outbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param batchSize commits read and published per round ({@code ORDERS_OUTBOX_BATCH_SIZE})
 * @param pollInterval how often the relay without the lease tries to take it, the holder reads the other instances'
 *     signals that they appended commits, and a failed round is retried ({@code ORDERS_OUTBOX_POLL_INTERVAL})
 * @param recountInterval how often the relay counts the unpublished commits in the store: refreshes the backlog
 *     gauge and, on the holder, sweeps up commits nobody signalled (an instance that died between its insert and its
 *     signal); the local stack's MongoDB stand-in scans every commit for it ({@code ORDERS_OUTBOX_RECOUNT_INTERVAL})
 * @param sendTimeout how long the relay waits for the broker to acknowledge a round before retrying it ({@code
 *     ORDERS_OUTBOX_SEND_TIMEOUT})
 * @param leaseDuration how long the lease that lets one instance publish lasts unless renewed (its holder renews it
 *     every third of it); also the longest the others wait to take over from an instance that died without
 *     releasing it ({@code ORDERS_OUTBOX_LEASE_DURATION})
 */
@Validated
@ConfigurationProperties("orders.outbox")
public record OutboxProperties(
        @DefaultValue("500") @Positive int batchSize,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("30s") @NotNull Duration recountInterval,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("3s") @NotNull Duration leaseDuration) {

    /** Renewed every third of it, the lease must outlast a few MongoDB round trips. */
    @AssertTrue(message = "lease-duration must be at least 1s")
    public boolean isLeaseLongEnoughToRenew() {
        return leaseDuration.compareTo(Duration.ofSeconds(1)) >= 0;
    }
}
