package io.orderpipeline.processor.processing;

import io.orderpipeline.events.OrderProcessingRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The processing decision: a pure function of the order id, the request and the rules. The "random" parts (failure
 * lottery, jitter) are drawn from a generator seeded by the order id, so a replay, a redelivery or another instance
 * decides exactly the same way.
 */
@Component
class Decider {

    private final ProcessingRules rules;

    Decider(ProcessingRules rules) {
        this.rules = rules;
    }

    Decision decide(String orderId, OrderProcessingRequested request) {
        SplittableRandom random = new SplittableRandom(seedOf(orderId));
        boolean unlucky = random.nextDouble() < rules.failureRate();
        Duration processingTime = rules.processingTime().plusNanos(jitterNanos(random));
        if (!rules.products().contains(request.product())) {
            return Decision.rejected(
                    RejectionReason.UNKNOWN_PRODUCT,
                    "product '" + request.product() + "' is not in the catalog",
                    processingTime);
        }
        if (request.quantity() < 1) {
            return Decision.rejected(
                    RejectionReason.QUANTITY_NOT_POSITIVE,
                    "quantity " + request.quantity() + " is not positive",
                    processingTime);
        }
        if (request.quantity() > rules.maxQuantity()) {
            return Decision.rejected(
                    RejectionReason.QUANTITY_ABOVE_MAXIMUM,
                    "quantity " + request.quantity() + " is above the maximum of " + rules.maxQuantity(),
                    processingTime);
        }
        if (unlucky) {
            return Decision.rejected(
                    RejectionReason.SIMULATED_FAILURE, "fulfilment failed (simulated)", processingTime);
        }
        return Decision.processed(processingTime);
    }

    private long jitterNanos(SplittableRandom random) {
        long bound = rules.processingJitter().toNanos();
        return bound == 0 ? 0 : random.nextLong(bound + 1);
    }

    /** A well-mixed 64-bit seed; {@code String.hashCode} would give similar ids similar draws. */
    static long seedOf(String key) {
        UUID digest = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        return digest.getMostSignificantBits() ^ digest.getLeastSignificantBits();
    }
}
