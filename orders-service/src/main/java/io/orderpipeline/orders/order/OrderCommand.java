package io.orderpipeline.orders.order;

import static java.util.Objects.requireNonNull;

import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderRejected;
import java.time.Instant;

/** What can be asked of an order. Each command is decided by {@link Order#decide(OrderCommand)}. */
public sealed interface OrderCommand {

    /** The name clients use for the command, as in the URL and the command log. */
    String name();

    record CreateOrder(String customerId, String product, int quantity) implements OrderCommand {
        @Override
        public String name() {
            return "create";
        }
    }

    record RequestProcessing() implements OrderCommand {
        @Override
        public String name() {
            return "process";
        }
    }

    record ShipOrder() implements OrderCommand {
        @Override
        public String name() {
            return "ship";
        }
    }

    record DeliverOrder() implements OrderCommand {
        @Override
        public String name() {
            return "deliver";
        }
    }

    record CancelOrder(String reason) implements OrderCommand {
        @Override
        public String name() {
            return "cancel";
        }
    }

    /**
     * The processor's outcome, recorded in the order's own stream so MongoDB holds the whole truth.
     *
     * @param decidedAt when the processor decided it, kept with the commit for the outcome's timeline
     */
    record RecordProcessingOutcome(OrderEvent outcome, Instant decidedAt) implements OrderCommand {
        public RecordProcessingOutcome {
            if (!(outcome instanceof OrderProcessed || outcome instanceof OrderRejected)) {
                throw new IllegalArgumentException("not a processing outcome: " + outcome);
            }
            requireNonNull(decidedAt, "decidedAt");
        }

        @Override
        public String name() {
            return "record-outcome";
        }
    }
}
