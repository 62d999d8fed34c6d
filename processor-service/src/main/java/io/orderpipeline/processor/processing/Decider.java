package io.orderpipeline.processor.processing;

import io.orderpipeline.events.OrderProcessingRequested;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The rules' decision on a request, before stock: a pure function of the order id, the request and the rules. The
 * failure lottery is drawn from a generator seeded by the order id, so a replay, a redelivery or another instance
 * decides exactly the same way.
 */
@Component
public class Decider {

    private final ProcessingRules rules;

    Decider(ProcessingRules rules) {
        this.rules = rules;
    }

    /** Creates a decider outside Spring, for a topology under test. */
    public static Decider of(ProcessingRules rules) {
        return new Decider(rules);
    }

    public Decision decide(String orderId, OrderProcessingRequested request) {
        boolean unlucky = new SplittableRandom(seedOf(orderId)).nextDouble() < rules.failureRate();
        if (!rules.products().contains(request.product())) {
            return Decision.rejected(
                    RejectionReason.UNKNOWN_PRODUCT, "product '" + request.product() + "' is not in the catalog");
        }
        if (request.quantity() < 1) {
            return Decision.rejected(
                    RejectionReason.QUANTITY_NOT_POSITIVE, "quantity " + request.quantity() + " is not positive");
        }
        if (request.quantity() > rules.maxQuantity()) {
            return Decision.rejected(
                    RejectionReason.QUANTITY_ABOVE_MAXIMUM,
                    "quantity " + request.quantity() + " is above the maximum of " + rules.maxQuantity());
        }
        if (unlucky) {
            return Decision.rejected(RejectionReason.SIMULATED_FAILURE, "fulfilment failed (simulated)");
        }
        return Decision.processed();
    }

    /** A well-mixed 64-bit seed; {@code String.hashCode} would give similar ids similar draws. */
    static long seedOf(String key) {
        UUID digest = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        return digest.getMostSignificantBits() ^ digest.getLeastSignificantBits();
    }
}
