package io.orderpipeline.orders.outbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param batchSize commits read from the change stream and published per round ({@code ORDERS_OUTBOX_BATCH_SIZE})
 * @param pollInterval how long the holder's change stream waits for new commits per read, how often a failed round is
 *     retried, and the longest a standby waits between looks at the lease ({@code ORDERS_OUTBOX_POLL_INTERVAL})
 * @param catchUpMargin how long before the stored position a holder that cannot resume the change stream from it (the
 *     oplog no longer holds it) starts sending commits again: covers commits stamped that much earlier than their
 *     insert (clock skew between instances, a slow insert) ({@code ORDERS_OUTBOX_CATCH_UP_MARGIN})
 * @param sendTimeout how long the relay waits for the broker to acknowledge a round before retrying it ({@code
 *     ORDERS_OUTBOX_SEND_TIMEOUT})
 * @param leaseDuration how long the lease that lets one instance publish lasts unless renewed (its holder renews it
 *     every third of it, storing the last acknowledged position with it, so a new holder re-sends at most that third's
 *     commits); also the longest the others wait to take over from an instance that died without releasing it
 *     ({@code ORDERS_OUTBOX_LEASE_DURATION})
 */
@Validated
@ConfigurationProperties("orders.outbox")
public record OutboxProperties(
        @DefaultValue("500") @Positive int batchSize,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("1m") @NotNull Duration catchUpMargin,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("3s") @NotNull Duration leaseDuration) {

    /** Renewed every third of it, the lease must outlast a few MongoDB round trips. */
    @AssertTrue(message = "lease-duration must be at least 1s")
    public boolean isLeaseLongEnoughToRenew() {
        return leaseDuration.compareTo(Duration.ofSeconds(1)) >= 0;
    }
}
